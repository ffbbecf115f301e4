package vn.hoctap;

import java.util.List;

/**
 * A call into hoctap failed. {@link #status()} names the kind (the C API's status without
 * its {@code HOCTAP_ERROR_} prefix); loading criteria also carries every diagnostic.
 */
public class HoctapException extends RuntimeException {
  /** The C API's statuses. */
  public enum Status { OK, INVALID_ARGUMENT, CRITERIA, INPUT, NOT_FOUND, BATCH, OUT_OF_MEMORY, INTERNAL }

  private static final long serialVersionUID = 1L;

  private final Status status;
  private final transient List<Diagnostic> diagnostics;

  public HoctapException(Status status, String message, List<Diagnostic> diagnostics) {
    super(message);
    this.status = status;
    this.diagnostics = List.copyOf(diagnostics);
  }

  public Status status() {
    return status;
  }

  /** The criteria files' problems (empty unless the status is CRITERIA). */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
