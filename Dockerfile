# One image build, one target per service and one for the Bizppurio simulator:
#   docker build --target sequencer -t sunseo/sequencer .
# Targets: sequencer, dispatcher, webhook-ingest, alerter, bizppurio-sim, topics (creates
# the topics once). Every target is configured only through environment variables (see
# each service's src/config.ts and the README's configuration table).

FROM node:20-slim AS build
WORKDIR /app
# The whole workspace: npm ci needs every workspace's package.json, turbo every package.
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx turbo run build \
      --filter=@sunseo/sequencer... --filter=@sunseo/dispatcher... --filter=@sunseo/webhook-ingest... \
      --filter=@sunseo/alerter... --filter=@sunseo/bizppurio-sim... --filter=@sunseo/infra... \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim AS runtime
WORKDIR /app
# Built dist/ of every package, production node_modules (workspace links included), and the example catalog.
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/libs ./libs
COPY --from=build --chown=node:node /app/services ./services
COPY --from=build --chown=node:node /app/tools ./tools
COPY --from=build --chown=node:node /app/examples ./examples
USER node
# SIGTERM from `docker stop` reaches node directly (exec form), which drains and exits.
STOPSIGNAL SIGTERM

FROM runtime AS sequencer
WORKDIR /app/services/sequencer
ENV SUNSEO_FLOWS_FILE=/app/examples/flows.yaml
EXPOSE 9101
CMD ["node", "dist/main.js"]

FROM runtime AS dispatcher
WORKDIR /app/services/dispatcher
EXPOSE 9102
CMD ["node", "dist/main.js"]

FROM runtime AS webhook-ingest
WORKDIR /app/services/webhook-ingest
# 8080: the public report endpoint; 9103: /healthz, /readyz, /metrics.
EXPOSE 8080 9103
CMD ["node", "dist/main.js"]

FROM runtime AS alerter
WORKDIR /app/services/alerter
EXPOSE 9104
CMD ["node", "dist/main.js"]

FROM runtime AS bizppurio-sim
WORKDIR /app/tools/bizppurio-sim
EXPOSE 9200
CMD ["node", "dist/main.js"]

# Creates every sunseo topic (SUNSEO_TOPIC_PREFIX, SUNSEO_PARTITIONS) on KAFKA_BROKERS, then exits.
FROM runtime AS topics
WORKDIR /app
CMD ["node", "tools/infra/dist/cli.js", "topics"]
