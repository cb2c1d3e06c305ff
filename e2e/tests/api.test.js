// The OpenAPI document is a valid OpenAPI 3 document, checked by an independent validator.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { validate } from "@readme/openapi-parser";
import { freshDatabase, startServer } from "./helpers.js";

let server;

before(async () => {
  server = await startServer(freshDatabase());
});

after(async () => {
  await server?.stop();
});

test("/api/v1/openapi.json is a valid OpenAPI 3 document, served with CORS and API-Version", async () => {
  const response = await fetch(`${server.url}/api/v1/openapi.json`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  assert.ok(response.headers.get("api-version"));
  const document = await response.json();
  assert.match(document.openapi, /^3\./);
  const result = await validate(structuredClone(document));
  assert.equal(result.valid, true, JSON.stringify(result.errors ?? result, null, 2));
  assert.ok(document.paths["/gebruikersprofiel"], "documents /gebruikersprofiel");
});
