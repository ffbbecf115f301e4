package vn.hoctap;

import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A folder of criteria sets: picks the version of a title in force on a day, and
 * evaluates members (a clan's families) first. Immutable and safe to share between
 * threads; close it when done.
 *
 * <pre>{@code
 * try (Registry official = Registry.loadOfficial()) {
 *   Result r = official.evaluate("cong_dan_hoc_tap", Map.of("vung", "binh_thuong"), LocalDate.of(2024, 6, 30));
 * }
 * }</pre>
 */
public final class Registry extends Handle {
  private Registry(com.sun.jna.Pointer pointer) {
    super(pointer, Native.C::hoctap_registry_free);
  }

  /** Loads every criteria file under {@code directory}. */
  public static Registry load(Path directory) {
    PointerByReference out = new PointerByReference(), diags = new PointerByReference(), error = new PointerByReference();
    int status = Native.C.hoctap_registry_load_directory(directory.toString(), out, diags, error);
    Calls.check(status, error, Calls.takeDiagnostics(diags));
    return new Registry(out.getValue());
  }

  /**
   * The official criteria installed with the library (share/hoctap/criteria beside its
   * lib folder), or the folder named by the environment variable HOCTAP_CRITERIA_DIR.
   */
  public static Registry loadOfficial() {
    PointerByReference out = new PointerByReference(), diags = new PointerByReference(), error = new PointerByReference();
    int status = Native.C.hoctap_registry_load_official(out, diags, error);
    Calls.check(status, error, Calls.takeDiagnostics(diags));
    return new Registry(out.getValue());
  }

  /** Title ids, sorted. */
  public List<String> titles() {
    long n = Native.C.hoctap_registry_title_count(pointer());
    List<String> out = new ArrayList<>();
    for (long i = 0; i < n; ++i) out.add(Native.C.hoctap_registry_title(pointer(), i));
    return out;
  }

  /** The version of {@code title} in force on {@code date}; NOT_FOUND when there is none. */
  public CriteriaSet find(String title, LocalDate date) {
    PointerByReference out = new PointerByReference(), error = new PointerByReference();
    Calls.check(Native.C.hoctap_registry_find(pointer(), title, Calls.date(date), out, error), error);
    return new CriteriaSet(out.getValue());
  }

  /** Evaluates a record under the version of {@code title} in force on {@code date}. */
  public Result evaluate(String title, Map<String, ?> record, LocalDate date) {
    return evaluate(title, record, date, null, false, Lang.VI);
  }

  public Result evaluate(String title, Map<String, ?> record, LocalDate date, Map<String, ?> context, boolean explain, Lang lang) {
    byte[] json = Calls.json(record);
    byte[] ctx = context == null ? null : Calls.json(context);
    PointerByReference result = new PointerByReference(), error = new PointerByReference();
    int status = Native.C.hoctap_registry_evaluate_json(pointer(), title, json, json.length, Calls.date(date), ctx,
                                                        ctx == null ? 0 : ctx.length, Calls.flags(explain, lang), result, error);
    Calls.check(status, error);
    return new Result(Calls.takeString(result));
  }
}
