package vn.hoctap;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;

/** The C API (include/hoctap/hoctap.h) as JNA sees it. Not public: use the classes of this package. */
interface Native extends Library {
  Native C = com.sun.jna.Native.load("hoctap", Native.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

  int HOCTAP_OK = 0;
  int HOCTAP_EXPLAIN = 1;
  int HOCTAP_LANG_EN = 2;

  /** struct hoctap_diagnostic, read in place. */
  @Structure.FieldOrder({"severity", "code", "message", "file", "line", "column", "yaml_path"})
  class DiagnosticStruct extends Structure {
    public int severity;
    public String code;
    public String message;
    public String file;
    public int line;
    public int column;
    public String yaml_path;

    public DiagnosticStruct(Pointer p) {
      super(p);
      read();
    }
  }

  int hoctap_error_code(Pointer error);
  String hoctap_error_message(Pointer error);
  String hoctap_error_message_vi(Pointer error);
  void hoctap_error_free(Pointer error);
  String hoctap_version();
  String hoctap_words(String id, int flags);
  void hoctap_string_free(Pointer text);

  long hoctap_diagnostics_count(Pointer diagnostics);
  Pointer hoctap_diagnostics_at(Pointer diagnostics, long i);
  String hoctap_diagnostics_text(Pointer diagnostics);
  void hoctap_diagnostics_free(Pointer diagnostics);

  int hoctap_set_load_file(String path, PointerByReference out, PointerByReference diagnostics, PointerByReference error);
  int hoctap_set_load_string(byte[] text, long length, String name, PointerByReference out, PointerByReference diagnostics,
                             PointerByReference error);
  void hoctap_set_free(Pointer set);
  String hoctap_set_id(Pointer set);
  String hoctap_set_title(Pointer set);
  String hoctap_set_version(Pointer set);
  String hoctap_set_sha256(Pointer set);
  int hoctap_set_evaluate_json(Pointer set, byte[] record, long length, String date, byte[] context, long contextLength,
                               int flags, PointerByReference result, PointerByReference error);

  int hoctap_registry_load_directory(String directory, PointerByReference out, PointerByReference diagnostics,
                                     PointerByReference error);
  int hoctap_registry_load_official(PointerByReference out, PointerByReference diagnostics, PointerByReference error);
  void hoctap_registry_free(Pointer registry);
  long hoctap_registry_title_count(Pointer registry);
  String hoctap_registry_title(Pointer registry, long i);
  int hoctap_registry_find(Pointer registry, String title, String date, PointerByReference out, PointerByReference error);
  int hoctap_registry_evaluate_json(Pointer registry, String title, byte[] record, long length, String date, byte[] context,
                                    long contextLength, int flags, PointerByReference result, PointerByReference error);
}
