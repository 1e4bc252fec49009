# syntax=docker/dockerfile:1
# Warroom image: `docker build -t warroom .` or `docker compose build`.
# One image for every role: ROLE=all (default), web or worker.

# --- build: compile TypeScript with the dev dependencies --------------------------------------------
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.prod.json ./
COPY src ./src
# Without src/dev (the local Slack emulator and playground): main.ts loads it only in local mode.
RUN npm run build:prod

# --- runtime: production dependencies and the compiled output only ----------------------------------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
# The files stay root-owned and read-only to the process.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
