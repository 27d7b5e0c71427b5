# The Quarry API and worker image (docker-compose.temporal.yml builds it for both).
# The console's chart libraries come from npm in a build stage; the image serves them itself.
FROM node:20-slim AS console
WORKDIR /console
COPY console/package.json console/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11.7-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY models models
COPY workflows workflows
COPY activities activities
COPY api api
COPY services services
COPY understanding understanding
COPY stack stack
COPY bench bench
COPY cli cli
COPY worker.py ./
COPY console/static console/static
COPY --from=console /console/node_modules console/node_modules
RUN pip install --no-cache-dir .
EXPOSE 8000 9464
CMD ["uvicorn", "api.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000",
     "--http", "h11", "--h11-max-incomplete-event-size", "16384"]
