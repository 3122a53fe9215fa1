# One image per service, all built from this file:
#   docker build --target sequencer -t sunseo/sequencer .
# Production targets: sequencer, dispatcher, webhook-ingest, alerter. Each holds only the
# built dist/ of that service's workspace and the libs it needs, with production
# dependencies (`npm install --omit=dev`): no sources, no tools/, no test or build tools,
# no flow catalog. tools/deploy/src/image.test.ts checks all of that without Docker.
# Local-only targets (docker-compose.yml): bizppurio-sim and topics, from the `dev-tools`
# stage, which holds the whole built checkout.
# Every target is configured only through environment variables (README, "Configuration").

# node 20.20.2 on Debian bookworm, slim. Pin the digest too where your registry allows:
#   docker buildx imagetools inspect node:20.20.2-bookworm-slim
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# The whole workspace: npm ci needs every workspace's package.json, turbo every package.
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx turbo run build --output-logs=errors-only

# The production workspace: the services listed here, the libs they depend on, their
# dist/ and package.json (devDependencies removed), then production dependencies only.
# A new service: add its directory here and a target below (the image test lists them).
FROM build AS image
RUN node tools/deploy/dist/prepare-image.js /image \
      services/sequencer services/dispatcher services/webhook-ingest services/alerter services/console \
 && cd /image \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

FROM node:20.20.2-bookworm-slim AS runtime
WORKDIR /app
COPY --from=image --chown=node:node /image /app
USER node
# SIGTERM from `docker stop` or the kubelet reaches node directly (exec form CMD), which drains and exits.
STOPSIGNAL SIGTERM
# HEALTH_PORT is the port serving /healthz (each target sets its default); no curl in the slim image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

FROM runtime AS sequencer
WORKDIR /app/services/sequencer
# No catalog inside: mount yours and set SUNSEO_FLOWS_FILE, or the sequencer refuses to start.
ENV HEALTH_PORT=9101
EXPOSE 9101
CMD ["node", "dist/main.js"]

FROM runtime AS dispatcher
WORKDIR /app/services/dispatcher
ENV HEALTH_PORT=9102
EXPOSE 9102
CMD ["node", "dist/main.js"]

FROM runtime AS webhook-ingest
WORKDIR /app/services/webhook-ingest
# 8080: the public report endpoint; 9103: /healthz, /readyz, /metrics.
ENV HEALTH_PORT=9103
EXPOSE 8080 9103
CMD ["node", "dist/main.js"]

FROM runtime AS alerter
WORKDIR /app/services/alerter
ENV HEALTH_PORT=9104
EXPOSE 9104
CMD ["node", "dist/main.js"]

FROM runtime AS console
WORKDIR /app/services/console
# 8090: the operators' pages (put it behind your ingress and its login, or set CONSOLE_USERS); 9106: /healthz, /readyz, /metrics.
ENV HEALTH_PORT=9106
EXPOSE 8090 9106
CMD ["node", "dist/main.js"]

# ---- Local only (docker-compose.yml): the Bizppurio simulator and the topic creator are
# tools, with their development dependencies; never deploy these.
FROM build AS dev-tools
USER node

FROM dev-tools AS bizppurio-sim
WORKDIR /app/tools/bizppurio-sim
EXPOSE 9200
CMD ["node", "dist/main.js"]

# Creates every sunseo topic (SUNSEO_TOPIC_PREFIX, SUNSEO_PARTITIONS) on KAFKA_BROKERS, then exits.
FROM dev-tools AS topics
WORKDIR /app
CMD ["node", "tools/infra/dist/cli.js", "topics"]
