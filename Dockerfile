# The tipgraph API image; Neo4j itself runs from the official image (docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHAINLP_OFFLINE=1
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY ingest ./ingest
COPY queries ./queries
COPY api ./api
COPY tipgraph ./tipgraph
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["tipgraph", "serve"]
