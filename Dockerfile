# The Quarry API and worker image (docker-compose.temporal.yml builds it for both).
FROM python:3.11.7-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY models models
COPY workflows workflows
COPY activities activities
COPY api api
COPY services services
COPY stack stack
COPY bench bench
COPY cli cli
COPY worker.py ./
RUN pip install --no-cache-dir .
EXPOSE 8000 9464
CMD ["uvicorn", "api.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
