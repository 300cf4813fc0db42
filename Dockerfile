# Daylight's production image: the compiled JavaScript on Node 20, run as an unprivileged user, with pg_dump and
# pg_restore for `daylight backup` and `daylight restore`. Build: docker build -t daylight . (or docker compose build).
#
# Where no container engine runs (the project's own machines), scripts/deploy-rehearsal.mjs performs these same steps
# in a scratch folder and the tests run it: the build stage's RUN lines, the COPY lines, ENV, CMD, HEALTHCHECK and
# STOPSIGNAL. Keep to those instructions in these forms, and keep system packages (apt-get) to the runtime stage.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY src/ src/
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# pg_dump and pg_restore of Debian bookworm (PostgreSQL 15): a dump needs a client at least as new as the server.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/var/lib/daylight
WORKDIR /app
COPY --from=build /app/package.json package.json
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/dist/ dist/
COPY public/ public/
COPY deploy/daylight deploy/daylight
RUN ln -s /app/deploy/daylight /usr/local/bin/daylight && mkdir -p /var/lib/daylight && chown node:node /var/lib/daylight
USER node
VOLUME /var/lib/daylight
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "--max-old-space-size=256", "dist/cli/main.js", "start"]
