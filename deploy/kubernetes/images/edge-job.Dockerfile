# The edge job's image: Flink 2.2 (Java 17) with Tandem's job jar and its model repository.
# Build from the repository root once `mvn -B -DskipTests package` has built the jar:
#   docker build -f deploy/kubernetes/images/edge-job.Dockerfile -t tandem/edge-job:0.1.0 .
# The Prometheus reporter ships in the image's plugins/ folder; flink/edge-job.yaml enables it.
FROM flink:2.2.1-scala_2.12-java17
COPY --chown=flink:flink jobs/target/tandem-edge.jar /opt/flink/usrlib/tandem-edge.jar
COPY --chown=flink:flink models/zoo /opt/tandem/models/zoo
