package vn.hoctap;

import com.sun.jna.Pointer;
import java.util.function.Consumer;

/** A C handle freed once, by close(). Using it after close() is an IllegalStateException. */
abstract class Handle implements AutoCloseable {
  private Pointer pointer;
  private final Consumer<Pointer> free;

  Handle(Pointer pointer, Consumer<Pointer> free) {
    this.pointer = pointer;
    this.free = free;
  }

  final synchronized Pointer pointer() {
    if (pointer == null) throw new IllegalStateException(getClass().getSimpleName() + " is closed");
    return pointer;
  }

  /** Frees the native object. Call it only when no other thread still uses this handle. */
  @Override
  public final synchronized void close() {
    if (pointer != null) free.accept(pointer);
    pointer = null;
  }
}
