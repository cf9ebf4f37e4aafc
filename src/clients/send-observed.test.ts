import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { sendObserved } from './send-observed.js';

const request = createPipelineRequest({
  url: 'https://graph.example/v1.0/identity/conditionalAccess/policies',
});

test('sendObserved: the response is passed on and its status observed', async () => {
  const seen: (number | undefined)[] = [];
  const response: PipelineResponse = { request, status: 429, headers: createHttpHeaders() };
  const got = await sendObserved(
    request,
    async () => response,
    (s) => seen.push(s),
  );
  assert.equal(got, response);
  assert.deepEqual(seen, [429]);
});

test('sendObserved: no response is observed as undefined and the error still propagates', async () => {
  const seen: (number | undefined)[] = [];
  const dropped = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  await assert.rejects(
    sendObserved(
      request,
      async () => {
        throw dropped;
      },
      (s) => seen.push(s),
    ),
    dropped,
  );
  assert.deepEqual(seen, [undefined]);
});
