# syntax=docker/dockerfile:1
# bumpwarden's container image: built in a slim Node image, run in distroless as a non-root user.
# It passes bumpwarden's own Dockerfile rules (test/ops/deploy-lint.test.ts lints it with the app).
# Base images are pinned by digest; bumpwarden (or Dependabot/Renovate) bumps the digests.
# Node 22 (maintenance LTS until April 2027): Node 20 reached end of life in April 2026.
# The two digests below are what node:22-bookworm-slim and distroless/nodejs22-debian12:nonroot
# resolved to on 2026-07-17, as recorded in public Dockerfiles; they were not re-resolved from
# the machine this was written on (no registry access). Before a release, re-resolve both, e.g.
#   skopeo inspect --format '{{.Digest}}' docker://docker.io/library/node:22-bookworm-slim
#   skopeo inspect --format '{{.Digest}}' docker://gcr.io/distroless/nodejs22-debian12:nonroot

# --- build: install, compile TypeScript, then drop dev dependencies ---
FROM docker.io/library/node:22-bookworm-slim@sha256:6c74791e557ce11fc957704f6d4fe134a7bc8d6f5ca4403205b2966bd488f6b3 AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` compiles, which needs the sources copied below.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

# --- runtime: distroless Node 22 (no shell, no package manager), uid 65532 ---
FROM gcr.io/distroless/nodejs22-debian12:nonroot@sha256:13593b7570658e8477de39e2f4a1dd25db2f836d68a0ba771251572d23bb4f8e
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
