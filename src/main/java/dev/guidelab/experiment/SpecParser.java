package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.field;
import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.ledger.ExperimentLedger;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.ImageShape;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.work.Condition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Parses, validates and normalises v1 experiment specs, and writes them back as canonical JSON.
 *
 * <p>{@link #parse} checks everything and throws one {@link InvalidRequestException} listing every
 * problem, each with a JSON-path-like field ({@code sweep[1].weights[2]}, {@code sampler.steps})
 * and a message saying what is allowed. The spec it returns has every default filled, so {@code
 * parse(toJson(spec)).equals(spec)} and equal experiments have equal {@link #hash}es.
 */
public final class SpecParser {

  /** Guidance methods a sweep entry may name. */
  public static final List<String> METHODS = GuidanceMethods.names();

  /** Most points (all sweep entries' cartesian products together) one experiment may expand to. */
  public static final int MAX_POINTS = 500;

  /** The most samples a point may ask for unless configured lower ({@code guidelab.spec}). */
  public static final int MAX_SAMPLES = 1_000_000;

  public static final int MAX_NAME_LENGTH = 200;
  public static final long DEFAULT_SEED = 0;

  /** Most seeds a spec may repeat its points with. */
  public static final int MAX_SEEDS = 100;

  /** Top-level fields in canonical order. */
  static final List<String> FIELDS =
      List.of(
          "name",
          "priority",
          "reuse",
          "main",
          "condition",
          "sweep",
          "sampler",
          "samples",
          "seed",
          "metrics",
          "features",
          "reference");

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          // Exact decimals, so 1e400 is reported as out of range instead of becoming Infinity.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final ModelLookup models;
  private final int maxSamples;
  private final boolean reuseByDefault;

  /**
   * @param models the model catalog: which ids may be used as main or guide, and which of them take
   *     a condition
   */
  public SpecParser(ModelLookup models) {
    this(models, MAX_SAMPLES, true);
  }

  /**
   * @param maxSamples the most samples a point may ask for, 1..{@value #MAX_SAMPLES}
   * @param reuseByDefault the {@code reuse} of a spec that does not say
   */
  public SpecParser(ModelLookup models, int maxSamples, boolean reuseByDefault) {
    if (maxSamples < 1 || maxSamples > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "guidelab.spec.max-samples must be in 1.." + MAX_SAMPLES + ", got " + maxSamples);
    }
    this.models = Objects.requireNonNull(models, "models");
    this.maxSamples = maxSamples;
    this.reuseByDefault = reuseByDefault;
  }

  /** A parser for a catalog of unconditional models only. */
  public SpecParser(Predicate<String> modelExists) {
    this(ModelLookup.of(modelExists, id -> false));
  }

  /**
   * Parses and validates a spec.
   *
   * @return the normalised spec
   * @throws InvalidRequestException listing every problem found
   */
  public ExperimentSpec parse(String json) {
    JsonNode root = readTree(json);
    if (!root.isObject()) {
      throw invalid(FieldError.ROOT, "must be a JSON object, got " + SpecReader.describe(root));
    }
    ObjectNode o = (ObjectNode) root;
    SpecReader r = new SpecReader(models);
    r.rejectUnknown(o, "", FIELDS);

    JsonNode nameNode = r.required(o, "", "name", "a short title for the experiment");
    String name = nameNode == null ? null : r.text(nameNode, "name", MAX_NAME_LENGTH);
    Integer priority = readPriority(field(o, "priority"), r);
    JsonNode mainNode = r.required(o, "", "main", "the id of the main model");
    String main = mainNode == null ? null : r.model(mainNode, "main");
    Boolean mainConditional = main == null ? null : models.conditional(main);
    Optional<ImageShape> image = main == null ? Optional.empty() : models.imageShape(main);
    Condition condition =
        ConditionSection.read(field(o, ConditionSection.PATH), main, mainConditional, image, r);
    // The sampler is read first (its step count bounds step-keyed intervals) but its errors are
    // reported after the sweep's, in document order.
    SpecReader samplerReader = r.fresh();
    SamplerSettings sampler = SamplerSection.read(field(o, "sampler"), main, samplerReader);
    SweepSection.Context context =
        new SweepSection.Context(main, mainConditional, sampler == null ? null : sampler.steps());
    List<SweepEntry> sweep = SweepSection.read(field(o, "sweep"), context, r);
    image.ifPresent(shape -> FeatureSection.checkSweep(main, shape, sweep, r));
    r.addAll(samplerReader);
    JsonNode samplesNode =
        r.required(o, "", "samples", "the number of samples per point, 1.." + maxSamples);
    Long samples = samplesNode == null ? null : r.integer(samplesNode, "samples", 1, maxSamples);
    List<Long> seeds = readSeeds(field(o, "seed"), r);
    if (sweep != null && seeds != null) {
      long points = (long) sweep.stream().mapToInt(e -> e.points().size()).sum() * seeds.size();
      if (points > MAX_POINTS) {
        r.error(
            "seed",
            "the sweep's points × "
                + seeds.size()
                + " seeds = "
                + points
                + " points; at most "
                + MAX_POINTS
                + " are allowed per experiment");
      }
    }
    List<String> metrics = MetricsSection.read(field(o, MetricsSection.PATH), image.isPresent(), r);
    FeatureNetworks.Registered features =
        FeatureSection.read(field(o, FeatureSection.PATH), main, image, r);
    String reference = readReference(field(o, "reference"), r, image.isPresent(), features);
    MetricsSection.checkReference(
        field(o, MetricsSection.PATH), metrics, image.isPresent(), features, reference, r);
    JsonNode reuseNode = field(o, "reuse");
    Boolean reuse =
        reuseNode == null ? Boolean.valueOf(reuseByDefault) : r.bool(reuseNode, "reuse");

    if (!r.errors().isEmpty()) {
      throw new InvalidRequestException(r.errors());
    }
    return new ExperimentSpec(
        name,
        priority,
        main,
        condition,
        sweep,
        sampler,
        Math.toIntExact(samples),
        seeds,
        metrics,
        reference,
        features == null ? null : features.name(),
        reuse);
  }

  /** The canonical JSON of a normalised spec: fixed key order, every field present, compact. */
  public String toJson(ExperimentSpec spec) {
    return write(canonical(spec, true));
  }

  /**
   * Lower-case hex SHA-256 of the canonical JSON of the spec without {@code name}, {@code priority}
   * and {@code reuse}: equal for any two specs that run the same computation.
   */
  public String hash(ExperimentSpec spec) {
    byte[] json = write(canonical(spec, false)).getBytes(StandardCharsets.UTF_8);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static ObjectNode canonical(ExperimentSpec spec, boolean withIdentity) {
    ObjectNode o = MAPPER.createObjectNode();
    if (withIdentity) {
      o.put("name", spec.name());
      o.put("priority", spec.priority());
      o.put("reuse", spec.reuse());
    }
    o.put("main", spec.main());
    if (spec.condition() != null) {
      o.set(ConditionSection.PATH, spec.condition().json());
    }
    SweepSection.write(spec.sweep(), o.putArray("sweep"));
    SamplerSection.write(spec.sampler(), o.putObject("sampler"));
    o.put("samples", spec.samples());
    if (spec.seeds().size() == 1) {
      o.put("seed", spec.seeds().get(0));
    } else {
      spec.seeds().forEach(o.putArray("seed")::add);
    }
    ArrayNode metrics = o.putArray("metrics");
    spec.metrics().forEach(metrics::add);
    if (spec.features() != null) {
      o.put(FeatureSection.PATH, spec.features());
    }
    if (spec.reference() != null) {
      o.put("reference", spec.reference());
    }
    return o;
  }

  private static String write(ObjectNode tree) {
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a JSON tree cannot fail", e);
    }
  }

  /**
   * The reference statistics the Fréchet distances are measured against (GET /api/references);
   * absent = the exact moments of the toy's class A. The toy's samples are 2-D, so the reference
   * must be too; an image model needs one, of its feature network ({@link FeatureSection}).
   */
  private String readReference(
      JsonNode node, SpecReader r, boolean image, FeatureNetworks.Registered features) {
    if (node == null) {
      if (image) {
        r.error(
            "reference",
            "required for image models: reference statistics of the feature network"
                + " (GET /api/references; compute them with POST /api/references/compute or"
                + " import them with POST /api/references)");
      }
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      r.error(
          "reference",
          "must be the name of reference statistics, got " + SpecReader.describe(node));
      return null;
    }
    String name = node.textValue();
    OptionalInt dim = models.referenceDim(name);
    if (dim.isEmpty()) {
      r.error(
          "reference",
          "unknown reference "
              + SpecReader.quote(name)
              + "; they are listed at GET /api/references");
      return null;
    }
    if (image) {
      if (features != null) {
        FeatureSection.checkReference(name, features, r);
      }
      return name;
    }
    if (dim.getAsInt() != 2) {
      r.error(
          "reference",
          "reference "
              + SpecReader.quote(name)
              + " is "
              + dim.getAsInt()
              + "-D; toy samples are 2-D");
      return null;
    }
    return name;
  }

  /**
   * {@code priority}: {@value ExperimentLedger#MIN_PRIORITY}..{@value
   * ExperimentLedger#MAX_PRIORITY}, absent = {@value ExperimentLedger#DEFAULT_PRIORITY}; when the
   * experiment's points are claimed, not what they compute. Null when invalid. Also read by {@link
   * TrainingSpecParser}.
   */
  static Integer readPriority(JsonNode node, SpecReader r) {
    if (node == null) {
      return ExperimentLedger.DEFAULT_PRIORITY;
    }
    Long priority =
        r.integer(node, "priority", ExperimentLedger.MIN_PRIORITY, ExperimentLedger.MAX_PRIORITY);
    return priority == null ? null : Math.toIntExact(priority);
  }

  /**
   * {@code seed}: one base seed, or a list of distinct ones to repeat every point with; absent =
   * {@link #DEFAULT_SEED}. Null when invalid.
   */
  private static List<Long> readSeeds(JsonNode node, SpecReader r) {
    if (node == null) {
      return List.of(DEFAULT_SEED);
    }
    if (!node.isArray()) {
      Long seed = r.integer(node, "seed", 0, Long.MAX_VALUE);
      return seed == null ? null : List.of(seed);
    }
    ArrayNode array = r.nonEmptyArray(node, "seed", "seeds");
    if (array == null) {
      return null;
    }
    if (array.size() > MAX_SEEDS) {
      r.error("seed", "at most " + MAX_SEEDS + " seeds, got " + array.size());
      return null;
    }
    int errorsBefore = r.errorCount();
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String path = index("seed", i);
      Long seed = r.integer(array.get(i), path, 0, Long.MAX_VALUE);
      if (seed != null && seeds.contains(seed)) {
        r.error(path, "repeats seed " + seed + "; seeds must be distinct");
      }
      seeds.add(seed);
    }
    return r.errorCount() > errorsBefore ? null : List.copyOf(seeds);
  }

  static JsonNode readTree(String json) {
    JsonNode root;
    try {
      root = json == null ? null : MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(FieldError.ROOT, "not valid JSON: " + describe(e));
    }
    if (root == null || root.isMissingNode()) {
      throw invalid(FieldError.ROOT, "empty document; expected a JSON object");
    }
    List<FieldError> text = SpecReader.textProblems(root); // NUL, lone surrogates: by field
    if (!text.isEmpty()) {
      throw new InvalidRequestException(text);
    }
    return root;
  }

  /** The parser's own message and where it stopped, without Jackson's source excerpt. */
  private static String describe(JsonProcessingException e) {
    String message =
        Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
    message = message.lines().findFirst().orElse(message);
    if (message.startsWith("Trailing token")) {
      message = "unexpected content after the spec's closing brace";
    }
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 0
        ? message
        : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(List.of(new FieldError(field, message)));
  }
}
