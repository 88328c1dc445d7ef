# One image for every role (api, worker, all): build with `./mvnw package -DskipTests` first.
#   docker build -t guidelab .
FROM eclipse-temurin:17-jre
# Native OpenBLAS/LAPACK for the high-dimensional metrics (docs/images.md, "Linear algebra"); without
# them netlib's pure-Java fallback gives the same numbers, 10-20x slower at d = 2048. curl for
# docker-compose.yml's health checks (/q/health/ready).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libopenblas0-pthread liblapack3 curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY target/quarkus-app/lib/ /app/lib/
COPY target/quarkus-app/*.jar /app/
COPY target/quarkus-app/app/ /app/app/
COPY target/quarkus-app/quarkus/ /app/quarkus/
# In containers Kafka and PostgreSQL are separate services.
ENV GUIDELAB_EMBEDDED_ENABLED=false
EXPOSE 8080
COPY ops/openblas-coretype /app/
# OpenBLAS kernels by instruction set unless OPENBLAS_CORETYPE is set (ops/openblas-coretype says why).
ENTRYPOINT ["/bin/sh", "-c", "core=$(/app/openblas-coretype) && export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-$core}; exec java -jar /app/quarkus-run.jar \"$@\"", "guidelab"]
