/** What `sunseo --help`, `sunseo help <command>` and `sunseo <command> --help` print (stdout, exit 0). */

const OUTPUT_OPTIONS = `output options (every command):
  --json         machine-readable output on stdout; errors as {"error":{"code","message"}} on stderr
  --show-phone   show phone numbers in full (masked by default)
  --utc          times in UTC (default: KST, Asia/Seoul, +09:00); --json always prints UTC`;

const ENVIRONMENT =
  "environment: KAFKA_BROKERS (with KAFKA_SSL*, KAFKA_SASL_* for a secured cluster), REDIS_URL, SUNSEO_TOPIC_PREFIX, SUNSEO_REDIS_PREFIX, LOG_LEVEL";

export const USAGE = `usage: sunseo <command> [options]

  flows --phone <phone>            a phone's flows, each step's state and times
  flow <instance-id | refkey>      one flow in detail
  flow <key> --phone <phone>       one flow of a phone, by instance id, refkey or idempotency key
  start <flow> --phone <phone> [--var name=value ...] [--idempotency-key <key>] [--start-at <time>]
                                   start a catalog flow (produces flow-start), prints its instance id
  cancel <instance-id> [--reason <text>]
                                   ask the sequencer to cancel a flow (produces flow-cancel)
  dlq list [--topic <t>] [--code <C>] [--limit <n>]
                                   dead-lettered records, newest last (default limit 50)
  dlq replay <partition:offset | offset | --all> [--topic <t>] [--code <C>]
                                   produce the original value again to its topic, with its key
  topics check                     every sunseo topic exists with equal partition counts
  redis accept-loss --note <text>  mark this Redis as sunseo's again after it lost sunseo's data
  help <command>                   one command's options and an example

${OUTPUT_OPTIONS}

exit codes: 0 done; 1 could not be done (not found, nothing to do, Kafka or Redis unreachable,
a replay or topic check with problems); 2 the command line, configuration or request is invalid

${ENVIRONMENT}`;

const help = (lines: string): string => `${lines}\n\n${OUTPUT_OPTIONS}\n\n${ENVIRONMENT}`;

export const COMMAND_HELP = {
  flows: help(`usage: sunseo flows --phone <phone>

A phone's flows as the sequencer holds them (active, queued and recently finished), one row
per step with its state, when it was sent and when it was done.

options:
  --phone <phone>   the recipient, in any common form (010-1234-5678, +82 10 1234 5678)

example:
  sunseo flows --phone 010-1234-5678`),

  flow: help(`usage: sunseo flow <instance-id | refkey>
       sunseo flow <instance-id | refkey | idempotency-key> --phone <phone>

One flow in detail: its fields, then every step with its times, codes and refkey. Without
--phone it is found by instance id or by the refkey of one of its sends (as the gateway and
the dispatcher logs show it); an idempotency key is kept per phone, so it needs --phone.

options:
  --phone <phone>   look only in this phone's flows (also accepts an idempotency key)

examples:
  sunseo flow Xq3k9V2m_Lp0aB7cD1eF
  sunseo flow Xq3k9V2m_Lp0aB7cD1eF-0-1
  sunseo flow signup-42 --phone 010-1234-5678`),

  start: help(`usage: sunseo start <flow> --phone <phone> [--var name=value ...] [--idempotency-key <key>] [--start-at <time>] [--wait <seconds>]

Starts a flow of the catalog for one phone, as a domain service does through
@sunseo/flow-client: the flow must exist and every variable it uses must be given, or nothing
is produced (exit 2, each problem listed). Then waits for the sequencer to take the start and
prints the flow's instance id.

options:
  --phone <phone>            the recipient
  --var name=value           a template variable; repeat for each
  --idempotency-key <key>    start at most once per key (default: a new random key, printed)
  --start-at <time>          schedule it: ISO time with its offset, e.g. 2026-12-01T08:00:00+09:00
                             (accepted now, "scheduled" until then; cancel works until it starts)
  --wait <seconds>           how long to wait for the sequencer (default 10; 0: do not wait,
                             print only the idempotency key)

environment: SUNSEO_FLOWS_FILE (the sequencer's catalog), and the variables it refers to
(e.g. BIZPPURIO_SENDER_KEY)

example:
  SUNSEO_FLOWS_FILE=examples/flows.yaml BIZPPURIO_SENDER_KEY=demo-sender-key \\
    sunseo start teacher-onboarding --phone 010-1234-5678 --var name=김민수 --idempotency-key signup-42`),

  cancel: help(`usage: sunseo cancel <instance-id> [--reason <text>]

Asks the sequencer to cancel a queued or running flow: produces a flow-cancel, which the
sequencer applies in order with the phone's other events. A flow that already ended is refused.

options:
  --reason <text>   why, kept with the flow (default: "cancelled by an operator (sunseo cli)")

example:
  sunseo cancel Xq3k9V2m_Lp0aB7cD1eF --reason "wrong template"`),

  dlq: help(`usage: sunseo dlq list [--topic <t>] [--code <C>] [--limit <n>]
       sunseo dlq replay <partition:offset | offset | --all> [--topic <t>] [--code <C>]

list: the dead-lettered records, newest last. replay: produces each chosen record's original
value again to its original topic, with its key (exit 1 when any was skipped).

options:
  --topic <t>   only records from this topic (full name or base name, e.g. flow-start)
  --code <C>    only records with this code (e.g. UNKNOWN_FLOW)
  --limit <n>   list at most the newest n records (default 50)
  --all         replay every record that passes the filter

examples:
  sunseo dlq list --code UNKNOWN_FLOW
  sunseo dlq replay 3:17
  sunseo dlq replay --all --topic flow-start`),

  topics: help(`usage: sunseo topics check

Every sunseo topic exists and all have one partition count (the services rely on
co-partitioning). Exit 1 when one is missing or differs. Also shows each topic's replicas,
min.insync.replicas and retention, and warns (exit 0) about replication factor 1 on a
multi-broker cluster and about settings that differ from SUNSEO_TOPIC_REPLICATION_FACTOR,
SUNSEO_TOPIC_MIN_ISR and SUNSEO_TOPIC_RETENTION.

example:
  sunseo topics check`),

  redis: help(`usage: sunseo redis accept-loss --note <text>

After Redis lost sunseo's data and you decided what to do about the flows in flight, marks
this Redis as sunseo's again (a new epoch), so the services start (README, Recovering from
Redis data loss).

options:
  --note <text>   what happened and what you did; it stays with the epoch for the next person

example:
  sunseo redis accept-loss --note "restarted without AOF; flows in flight restarted by hand"`),
} as const;

export type HelpTopic = keyof typeof COMMAND_HELP;

export const isHelpTopic = (name: string): name is HelpTopic => Object.hasOwn(COMMAND_HELP, name);

export const helpText = (topic?: HelpTopic): string => (topic === undefined ? USAGE : COMMAND_HELP[topic]);
