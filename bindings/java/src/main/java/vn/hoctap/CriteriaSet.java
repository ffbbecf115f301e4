package vn.hoctap;

import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/**
 * A loaded, validated criteria set (bộ tiêu chí). Immutable: any number of threads may
 * evaluate with one set at once. Close it when done (try-with-resources).
 *
 * <pre>{@code
 * try (CriteriaSet set = CriteriaSet.load(Path.of("criteria/cong-dan-hoc-tap/244-2022.yaml"))) {
 *   Result r = set.evaluate(Map.of("vung", "binh_thuong", "score", Map.of("tc1_1", 8)), LocalDate.of(2023, 6, 30));
 *   r.decision();
 * }
 * }</pre>
 */
public final class CriteriaSet extends Handle {
  CriteriaSet(com.sun.jna.Pointer pointer) {
    super(pointer, Native.C::hoctap_set_free);
  }

  /** Loads a criteria file; a file with errors throws a HoctapException carrying every diagnostic. */
  public static CriteriaSet load(Path path) {
    PointerByReference out = new PointerByReference(), diags = new PointerByReference(), error = new PointerByReference();
    int status = Native.C.hoctap_set_load_file(path.toString(), out, diags, error);
    Calls.check(status, error, Calls.takeDiagnostics(diags));
    return new CriteriaSet(out.getValue());
  }

  /** Loads criteria from text; {@code name} stands for the file name in diagnostics. */
  public static CriteriaSet load(String text, String name) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    PointerByReference out = new PointerByReference(), diags = new PointerByReference(), error = new PointerByReference();
    int status = Native.C.hoctap_set_load_string(utf8, utf8.length, name, out, diags, error);
    Calls.check(status, error, Calls.takeDiagnostics(diags));
    return new CriteriaSet(out.getValue());
  }

  public String id() {
    return Native.C.hoctap_set_id(pointer());
  }

  public String title() {
    return Native.C.hoctap_set_title(pointer());
  }

  public String version() {
    return Native.C.hoctap_set_version(pointer());
  }

  public String sha256() {
    return Native.C.hoctap_set_sha256(pointer());
  }

  /**
   * Evaluates one record: input names to values (numbers, strings, booleans, LocalDate;
   * a nested map for dotted names such as {@code score.tc1_1}; a list of maps for members).
   * {@code date} null means today (UTC). A date outside the set's validity throws
   * HoctapException with status NOT_FOUND ({@link Registry#find} gives the version in force
   * that day). Data problems are in the result, not exceptions.
   */
  public Result evaluate(Map<String, ?> record, LocalDate date) {
    return evaluate(record, date, null, false, Lang.VI);
  }

  /** The same with the locality's values ({@code context}, may be null) and explanations. */
  public Result evaluate(Map<String, ?> record, LocalDate date, Map<String, ?> context, boolean explain, Lang lang) {
    byte[] json = Calls.json(record);
    byte[] ctx = context == null ? null : Calls.json(context);
    PointerByReference result = new PointerByReference(), error = new PointerByReference();
    int status = Native.C.hoctap_set_evaluate_json(pointer(), json, json.length, Calls.date(date), ctx, ctx == null ? 0 : ctx.length,
                                                   Calls.flags(explain, lang), result, error);
    Calls.check(status, error);
    return new Result(Calls.takeString(result));
  }

  /** Evaluates a record given as JSON text. */
  public Result evaluateJson(String record, LocalDate date) {
    byte[] json = record.getBytes(StandardCharsets.UTF_8);
    PointerByReference result = new PointerByReference(), error = new PointerByReference();
    int status = Native.C.hoctap_set_evaluate_json(pointer(), json, json.length, Calls.date(date), null, 0, 0, result, error);
    Calls.check(status, error);
    return new Result(Calls.takeString(result));
  }

  @Override
  public String toString() {
    return "CriteriaSet[" + id() + "]";
  }
}
