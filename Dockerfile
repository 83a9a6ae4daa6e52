# syntax=docker/dockerfile:1
# bumpwarden's container image: built in a slim Node image, run in distroless as a non-root user.
# It passes bumpwarden's own Dockerfile rules (test/ops/dockerfile.test.ts lints it with the app).
# Base images are pinned by digest; bumpwarden (or Dependabot/Renovate) bumps the digests.

# --- build: install, compile TypeScript, then drop dev dependencies ---
FROM docker.io/library/node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` compiles, which needs the sources copied below.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

# --- runtime: distroless Node 20 (no shell, no package manager), uid 65532 ---
FROM gcr.io/distroless/nodejs20-debian12:nonroot@sha256:2cd820156cf039c8b54ae2d2a97e424b6729070714de8707a6b79f20d56f6a9a
WORKDIR /app
ENV NODE_ENV=production LOG_FORMAT=json PORT=3000 HOST=0.0.0.0
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY app.yml ./app.yml
COPY docs/schema ./docs/schema
USER nonroot
EXPOSE 3000
# Probot serves GitHub webhooks, the registry webhook routes, /healthz, /readyz and /metrics;
# main.js is `probot run` with a redacting JSON logger and rate-limit metrics (src/drivers/ops/main.ts).
ENTRYPOINT ["/nodejs/bin/node", "dist/drivers/ops/main.js"]
