package io.tandem.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.planner.drl.PolicyAction;
import io.tandem.planner.drl.PolicyObservation;
import io.tandem.planner.drl.PolicySolver;
import io.tandem.planner.online.OnlinePlanner;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solver;
import io.tandem.planner.solve.TandemSolver;
import io.tandem.traces.BandwidthTrace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The simulator as an environment for training the {@code drl} planner, over one JSON object per
 * line (the trainer speaks first):
 *
 * <pre>
 *   trainer: {"reset": SEED, "teacher": true}      a new episode: the cell of that seed (with the
 *                                                  tandem solver's decision in each obs, "teacher")
 *   server:  {"obs": {"ids": [...], "width": k, "device": [...], "options": [...], "mask": [...]}}
 *   trainer: {"option": [...], "shares": [...]}     a PolicyAction
 *   server:  {"reward": {"id": r, ...}}             minus each device's cost per offered frame
 *   ...                                             one obs / action / reward per window
 *   server:  {"done": {"objective": x, "deadline": y}}
 *   trainer: {"quit": true}                         (or end of input)
 * </pre>
 *
 * The planner inside is the one the sweep runs as {@code drl}: the job's policy object with the
 * baselines' settings, only its solver asks the trainer instead of the ONNX model. Observations are
 * {@link PolicyObservation}s and actions {@link PolicyAction}s, the very encoding the served policy
 * uses.
 */
public final class TrainingServer {

    private final LongFunction<SimulationConfig> cells;
    private final List<BandwidthTrace> traces;
    private final SplitOptionCatalog catalog;
    private final BufferedReader in;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    /** When set, every observation also carries this solver's decision (a warm start's labels). */
    private Solver teacher;

    /**
     * @param cells the cell of each seed (its planners are ignored)
     */
    public TrainingServer(
            LongFunction<SimulationConfig> cells,
            List<BandwidthTrace> traces,
            SplitOptionCatalog catalog,
            BufferedReader in,
            PrintStream out) {
        this.cells = cells;
        this.traces = traces;
        this.catalog = catalog;
        this.in = in;
        this.out = out;
    }

    /** Serves episodes until the trainer quits or closes its end; returns the episodes run. */
    public int serve() throws IOException {
        int episodes = 0;
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode command = json.readTree(line);
            if (command.has("quit")) {
                break;
            }
            if (!command.has("reset")) {
                throw new IllegalArgumentException("expected reset or quit, got: " + line);
            }
            episode(command.get("reset").asLong(), command.path("teacher").asBoolean(false));
            episodes++;
        }
        return episodes;
    }

    private void episode(long seed, boolean withTeacher) {
        this.teacher = withTeacher ? TandemSolver.online() : null;
        SimulationConfig config = cells.apply(seed);
        List<SimulatedDevice> fleet = Fleet.generate(config, traces, catalog);
        PlannerSettings settings = Planners.settings(config).asBaseline("drl");
        OnlinePlanner policy =
                new OnlinePlanner(catalog, settings, new PolicySolver("drl", this::ask));
        PolicyPlanner planner = new PolicyPlanner("drl", policy, fleet);
        PlannerSummary summary = new Simulation(config, catalog, fleet).run(new Rewarded(planner));
        ObjectNode done = json.createObjectNode();
        done.putObject("done")
                .put("objective", summary.meanObjective())
                .put("deadline", summary.deadlineAttainment())
                .put("frames", summary.frames());
        send(done);
    }

    private PolicyAction ask(Problem problem) {
        PolicyObservation observation = PolicyObservation.of(problem);
        ObjectNode message = json.createObjectNode();
        ObjectNode obs = message.putObject("obs");
        obs.putPOJO("ids", observation.ids());
        obs.put("width", observation.width());
        obs.putPOJO("device", observation.device());
        obs.putPOJO("options", observation.options());
        obs.putPOJO("mask", observation.mask());
        if (teacher != null) {
            PolicyAction decided = PolicyAction.of(problem, teacher.solve(problem));
            ObjectNode labels = obs.putObject("teacher");
            labels.putPOJO("option", decided.option());
            labels.putPOJO("shares", decided.shareLogits());
        }
        send(message);
        try {
            String line = in.readLine();
            if (line == null) {
                throw new IllegalStateException("the trainer closed its end mid-episode");
            }
            JsonNode action = json.readTree(line);
            int n = observation.devices();
            int[] option = new int[n];
            float[] shares = new float[2 * n];
            for (int i = 0; i < n; i++) {
                option[i] = action.get("option").get(i).asInt();
                shares[2 * i] = (float) action.get("shares").get(2 * i).asDouble();
                shares[2 * i + 1] = (float) action.get("shares").get(2 * i + 1).asDouble();
            }
            return new PolicyAction(option, shares);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(JsonNode message) {
        try {
            out.println(json.writeValueAsString(message));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Passes each window's costs to the trainer as rewards. */
    private final class Rewarded implements SimulatedPlanner {
        private final SimulatedPlanner inner;

        Rewarded(SimulatedPlanner inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public List<WindowPlan> plan(
                int window,
                double from,
                double to,
                List<io.tandem.schema.Telemetry> telemetry,
                PlannerMetrics metrics) {
            return inner.plan(window, from, to, telemetry, metrics);
        }

        @Override
        public void windowEnded(int window, Map<String, Double> costPerOfferedFrame) {
            ObjectNode message = json.createObjectNode();
            ObjectNode reward = message.putObject("reward");
            costPerOfferedFrame.forEach((id, cost) -> reward.put(id, -cost));
            send(message);
        }
    }
}
