package vn.hoctap;

import java.util.List;

/**
 * A call into hoctap failed. {@link #status()} names the kind (the C API's status without
 * its {@code HOCTAP_ERROR_} prefix); {@link #getMessage()} is the message in English and
 * {@link #messageVi()} the same in Vietnamese; loading criteria also carries every diagnostic.
 */
public class HoctapException extends RuntimeException {
  /** The C API's statuses. */
  public enum Status { OK, INVALID_ARGUMENT, CRITERIA, INPUT, NOT_FOUND, BATCH, OUT_OF_MEMORY, INTERNAL }

  private static final long serialVersionUID = 1L;

  private final Status status;
  private final String messageVi;
  private final transient List<Diagnostic> diagnostics;

  public HoctapException(Status status, String message, String messageVi, List<Diagnostic> diagnostics) {
    super(message);
    this.status = status;
    this.messageVi = messageVi;
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** The message in Vietnamese (UTF-8 NFC), from the same catalog as the English one. */
  public String messageVi() {
    return messageVi;
  }

  public Status status() {
    return status;
  }

  /** The criteria files' problems (empty unless the status is CRITERIA). */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
