# A device's image: the ./tandem command line with the model repository and the bundled traces,
# run through the tandem script so it gets the JVM flags every Tandem JVM needs.
# Build from the repository root once `mvn -B -DskipTests package` has built the CLI jar:
#   docker build -f deploy/kubernetes/images/device.Dockerfile -t tandem/device:0.1.0 .
FROM eclipse-temurin:17-jre
COPY tandem /opt/tandem/tandem
COPY cli/target/tandem-cli.jar /opt/tandem/cli/target/tandem-cli.jar
COPY models/zoo /opt/tandem/models/zoo
COPY data/traces /opt/tandem/data/traces
# The jar is built already: the script must not try to build it.
ENV TANDEM_NO_BUILD=1
# An unprivileged user whose home (ONNX Runtime's native-library cache) is writable.
ENV HOME=/tmp
USER 65532
WORKDIR /tmp
ENTRYPOINT ["/opt/tandem/tandem"]
CMD ["--help"]
