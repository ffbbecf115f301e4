package vn.hoctap;

/**
 * A problem in a criteria file: its place (file, 1-based line and column, YAML path), a
 * stable code (docs/diagnostics.md) and the message.
 */
public record Diagnostic(boolean error, String code, String message, String file, int line, int column, String yamlPath) {
  /** {@code file:line:col: error[CODE]: message}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + (error ? "error" : "warning") + "[" + code + "]: " + message;
  }
}
