package vn.hoctap;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What evaluating one entity produced: the decision, the total, the grade, and the whole
 * result (nodes, reasons, data problems, audit) as the JSON object hoctap writes.
 */
public final class Result {
  private final String json;
  private final JsonObject object;

  Result(String json) {
    this.json = json;
    this.object = JsonParser.parseString(json).getAsJsonObject();
  }

  /** {@code recognized}, {@code not_recognized} or {@code not_assessable}. */
  public String decision() {
    return object.get("decision").getAsString();
  }

  /**
   * A decision's or a node's status, given by its id ({@code recognized}, {@code not_met}),
   * in words as hoctap's explanations say it: {@code words("recognized", Lang.VI)} is
   * "được công nhận". Throws IllegalArgumentException for any other id.
   */
  public static String words(String id, Lang lang) {
    String w = Native.C.hoctap_words(id, lang == Lang.EN ? Native.HOCTAP_LANG_EN : 0);
    if (w == null) throw new IllegalArgumentException("`" + id + "` is not the id of a decision or of a status");
    return w;
  }

  public boolean recognized() {
    return object.get("recognized").getAsBoolean();
  }

  /** The total points, exact. */
  public BigDecimal total() {
    return object.get("total").getAsBigDecimal();
  }

  /** The grade band or level reached, if any. */
  public Optional<String> grade() {
    JsonElement g = object.get("grade");
    return g == null || g.isJsonNull() ? Optional.empty() : Optional.of(g.isJsonObject() ? g.getAsJsonObject().get("id").getAsString() : g.getAsString());
  }

  /** The whole result, parsed. */
  public JsonObject asJson() {
    return object.deepCopy();
  }

  /** The whole result as hoctap wrote it (one line of JSON). */
  @Override
  public String toString() {
    return json;
  }
}
