// The server's JSON endpoints (segdsl/studio/server.py). The access token travels in the cookie
// the server set when the page was opened with its tokenised address.

export class RequestFailed extends Error {
  constructor(status, body) {
    super(body.error || `the studio answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function post(endpoint, body, signal) {
  try {
    return await fetch(`/api/${endpoint}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new RequestFailed(0, { error: "the studio does not answer: is `segdsl studio` still running?" });
  }
}

async function json(response) {
  try {
    return await response.json();
  } catch {
    return { error: `the studio answered ${response.status} without JSON` };
  }
}

export async function call(endpoint, body = {}, signal = undefined) {
  const response = await post(endpoint, body, signal);
  const answer = await json(response);
  if (!response.ok) throw new RequestFailed(response.status, answer);
  return answer;
}

// A streamed answer: each line of JSON given to `onLine` as it comes; the last one is returned.
// A line with an error ends it as a failed request.
export async function stream(endpoint, body, onLine, signal = undefined) {
  const response = await post(endpoint, body, signal);
  if (!response.ok) throw new RequestFailed(response.status, await json(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  let last = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return last;
    const lines = (pending + value).split("\n");
    pending = lines.pop();
    for (const line of lines.filter(Boolean)) {
      last = JSON.parse(line);
      if (last.error) throw new RequestFailed(last.status, last);
      onLine(last);
    }
  }
}

// One id per page (browser tab): the server keeps a language service per page and cancels a
// page's earlier query of a kind when a newer one comes.
export const client = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)).replace(/[^A-Za-z0-9-]/g, "");
