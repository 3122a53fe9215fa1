package example;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Starts sunseo's teacher-onboarding flow by producing a flow-start (schemas/flow-start.schema.json)
 * to {prefix}flow-start, keyed by the canonical phone.
 *
 * <p>Usage: FlowStartProducer &lt;canonical phone, e.g. 01012345678&gt; &lt;teacher id&gt; &lt;name&gt;
 */
public final class FlowStartProducer {
  /** Digits only, national form: what every sunseo topic is keyed by (+82 10-1234-5678 is 01012345678). */
  private static final Pattern CANONICAL_PHONE = Pattern.compile("^0\\d{8,10}$");

  public static void main(String[] args) throws Exception {
    if (args.length != 3 || !CANONICAL_PHONE.matcher(args[0]).matches()) {
      System.err.println("usage: FlowStartProducer <canonical phone, e.g. 01012345678> <teacher id> <name>");
      System.exit(2);
    }
    String phone = args[0];
    String prefix = System.getenv().getOrDefault("SUNSEO_TOPIC_PREFIX", "sunseo.");

    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA_BROKERS", "127.0.0.1:9092"));
    // Key and value are UTF-8 strings: the key the phone digits, the value the JSON below.
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    // acks=all and idempotence: a start acknowledged is stored, and a retried batch is not doubled.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Partitioner: leave the default. For a record with a key it picks
    // toPositive(murmur2(key bytes)) % partitions, the partition sunseo's kafkajs producers pick
    // for the same phone, so this start and the phone's other events share one partition.
    // Do not set partitioner.class (RoundRobinPartitioner) or partitioner.ignore.keys=true.
    //
    // TLS / SASL, as for any Kafka client of yours, e.g.:
    // props.put("security.protocol", "SASL_SSL");
    // props.put("sasl.mechanism", "SCRAM-SHA-512");
    // props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"signup-service\" password=\"...\";");

    // The idempotency key comes from your own event: sending this start again (after a timeout,
    // a restart) never starts a second flow for the phone.
    String flow = "teacher-onboarding";
    String idempotencyKey = "teacher-signup-" + args[1];
    Map<String, Object> start = Map.of(
        "flow", flow,
        "phone", phone,
        "variables", Map.of("name", args[2]),
        "idempotencyKey", idempotencyKey,
        "requestedAt", Instant.now().toString());

    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      RecordMetadata written = producer.send(new ProducerRecord<>(prefix + "flow-start", phone, toJson(start))).get();
      System.out.printf("flow-start written to %s partition %d offset %d%n", written.topic(), written.partition(), written.offset());
      System.out.printf("instance id %s%n", instanceId(phone, flow, idempotencyKey));
    }
  }

  /**
   * The id the sequencer gives a start with an idempotency key, as @sunseo/flow-client computes it
   * (libs/contracts/src/instance-id.ts): the first 20 characters of base64url(sha256(phone NUL flow
   * NUL key)). Its flow-events carry it, and its refkeys are {instanceId}-{step}-{attempt}.
   */
  static String instanceId(String phone, String flow, String idempotencyKey) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\0", phone, flow, idempotencyKey).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 20);
  }

  /** Enough JSON for strings and nested maps; a real service would use its JSON library (Jackson, Gson). */
  @SuppressWarnings("unchecked")
  private static String toJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      return ((Map<String, Object>) map).entrySet().stream()
          .map(e -> toJson(e.getKey()) + ":" + toJson(e.getValue()))
          .collect(Collectors.joining(",", "{", "}"));
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toString().toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
