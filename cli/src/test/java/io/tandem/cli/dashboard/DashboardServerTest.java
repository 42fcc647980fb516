package io.tandem.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class DashboardServerTest {

    @Test
    void aPortInUseIsAOneLineErrorNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> DashboardServer.start(port, new DashboardState()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dashboard port " + port)
                    .hasMessageContaining("--dashboard-port");
        }
    }
}
