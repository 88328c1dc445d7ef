# One image for every role (api, worker, all): build with `./mvnw package -DskipTests` first.
#   docker build -t guidelab .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY target/quarkus-app/lib/ /app/lib/
COPY target/quarkus-app/*.jar /app/
COPY target/quarkus-app/app/ /app/app/
COPY target/quarkus-app/quarkus/ /app/quarkus/
# In containers Kafka and PostgreSQL are separate services.
ENV GUIDELAB_EMBEDDED_ENABLED=false
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
