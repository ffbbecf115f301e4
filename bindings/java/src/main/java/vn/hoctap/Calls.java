package vn.hoctap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every call shares: statuses to exceptions, diagnostics to lists, records to JSON. */
final class Calls {
  private Calls() {}

  private static final Gson GSON = new GsonBuilder()
      .serializeNulls()
      .registerTypeAdapter(LocalDate.class, (JsonSerializer<LocalDate>) (d, t, c) -> new JsonPrimitive(d.toString()))
      .create();

  static Gson gson() {
    return GSON;
  }

  /** Frees the C diagnostics, returning them as a list. */
  static List<Diagnostic> takeDiagnostics(PointerByReference ref) {
    Pointer d = ref.getValue();
    List<Diagnostic> out = new ArrayList<>();
    if (d == null) return out;
    try {
      long n = Native.C.hoctap_diagnostics_count(d);
      for (long i = 0; i < n; ++i) {
        Native.DiagnosticStruct s = new Native.DiagnosticStruct(Native.C.hoctap_diagnostics_at(d, i));
        out.add(new Diagnostic(s.severity == 0, s.code, s.message, s.file, s.line, s.column, s.yaml_path));
      }
    } finally {
      Native.C.hoctap_diagnostics_free(d);
    }
    return out;
  }

  /** Throws for a failed status, with the C error's message (freed here) and the diagnostics. */
  static void check(int status, PointerByReference error, List<Diagnostic> diagnostics) {
    if (status == Native.HOCTAP_OK) return;
    Pointer e = error.getValue();
    String message = e == null ? "hoctap failed with status " + status : Native.C.hoctap_error_message(e);
    String messageVi = e == null ? "hoctap thất bại với trạng thái " + status : Native.C.hoctap_error_message_vi(e);
    if (e != null) Native.C.hoctap_error_free(e);
    HoctapException.Status[] all = HoctapException.Status.values();
    throw new HoctapException(status > 0 && status < all.length ? all[status] : HoctapException.Status.INTERNAL, message, messageVi,
                              diagnostics);
  }

  static void check(int status, PointerByReference error) {
    check(status, error, List.of());
  }

  /** A returned C string, copied and freed. */
  static String takeString(PointerByReference ref) {
    Pointer p = ref.getValue();
    try {
      return p.getString(0, StandardCharsets.UTF_8.name());
    } finally {
      Native.C.hoctap_string_free(p);
    }
  }

  /** A record as the C API's JSON: nested maps become dotted names, lists of maps member lists. */
  static byte[] json(Map<String, ?> record) {
    return GSON.toJson(record).getBytes(StandardCharsets.UTF_8);
  }

  static String date(LocalDate date) {
    return date == null ? null : date.toString();
  }

  static int flags(boolean explain, Lang lang) {
    return (explain ? Native.HOCTAP_EXPLAIN : 0) | (lang == Lang.EN ? Native.HOCTAP_LANG_EN : 0);
  }
}
