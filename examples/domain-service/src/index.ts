/**
 * A sign-up service: POST /sign-ups starts the teacher-onboarding flow for the new teacher.
 * The idempotency key comes from the sign-up itself, so the caller may repeat the request
 * (after a timeout, a 503) and the teacher still gets one flow.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createFlowClient, FlowStartFailedError, InvalidRequestError, MissingVariablesError, parseCatalog } from "@sunseo/flow-client";
import { z } from "zod";
import { kafkaFromEnv } from "./kafka.js";

const signUpSchema = z.object({
  teacherId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1).max(40),
  phone: z.string().min(1).max(40),
});

const port = Number(process.env.PORT ?? 3000);
const flows = createFlowClient({
  kafka: kafkaFromEnv(),
  topicPrefix: process.env.SUNSEO_TOPIC_PREFIX ?? "sunseo.",
  // The catalog the sequencer runs: a missing variable is refused here, before producing.
  ...(process.env.SUNSEO_FLOWS_FILE ? { catalog: parseCatalog(readFileSync(process.env.SUNSEO_FLOWS_FILE, "utf8")) } : {}),
});

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

async function signUp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parsed = signUpSchema.safeParse(await readJson(req).catch(() => undefined));
  if (!parsed.success) return reply(res, 400, { problems: parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`) });
  const { teacherId, name, phone } = parsed.data;
  try {
    const started = await flows.startFlow({
      flow: "teacher-onboarding",
      phone,
      variables: { name },
      idempotencyKey: `teacher-signup-${teacherId}`,
    });
    reply(res, 202, { instanceId: started.instanceId, idempotencyKey: started.idempotencyKey });
  } catch (err) {
    if (err instanceof InvalidRequestError) return reply(res, 400, { problems: err.problems });
    if (err instanceof MissingVariablesError) return reply(res, 400, { problems: [err.message] });
    // Kafka did not acknowledge: the start may be stored or not. The same request again is safe.
    if (err instanceof FlowStartFailedError) return reply(res, 503, { retry: true, idempotencyKey: err.idempotencyKey });
    throw err;
  }
}

await flows.connect();
const server = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/sign-ups") {
    signUp(req, res).catch((err: unknown) => {
      console.error(err);
      reply(res, 500, { error: "internal" });
    });
  } else reply(res, 404, { error: "not found" });
});
server.listen(port, () => console.log(`sign-up service on :${port}`));

process.once("SIGTERM", () => {
  server.close(() => void flows.disconnect().then(() => process.exit(0)));
});
