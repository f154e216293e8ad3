# One image for the server: dependencies are installed once, at build time,
# not at every start. Node 24 is the current LTS line.
# The reference front end (examples/timeline), built by Vite from typed documents
# generated against schema.graphql; only its dist/ goes into the image.
FROM node:24-bookworm-slim AS page
WORKDIR /app
COPY package.json package-lock.json ./
COPY examples/timeline/package.json ./examples/timeline/
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY schema.graphql ./
COPY examples/timeline ./examples/timeline
RUN npm run build:timeline

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY examples/timeline/package.json ./examples/timeline/
# Production dependencies only (esbuild among them: it compiles src/ to dist/).
# No scripts: the root's prepare builds the page, which the page stage did.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build-server.mjs

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json persisted-operations.json ./
COPY --from=deps /app/dist ./dist
COPY drizzle ./drizzle
COPY seeds ./seeds
COPY --from=page /app/examples/timeline/dist ./examples/timeline/dist
# The embedded database's default DATA_DIR; mount a volume there to keep it.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=5s --timeout=3s --retries=30 CMD ["node", "-e", "fetch('http://localhost:4000/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# As `npm start` runs it, without the build step (done above): plain JavaScript.
CMD ["node", "dist/main.js"]
