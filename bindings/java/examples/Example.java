// Evaluates a citizen against the official criteria installed with hoctap:
//   java -Djna.library.path=PREFIX/lib -cp hoctap.jar:/usr/share/java/jna.jar:/usr/share/java/gson.jar examples/Example.java
import java.time.LocalDate;
import java.util.Map;
import vn.hoctap.Registry;
import vn.hoctap.Result;

public class Example {
  public static void main(String[] args) {
    Map<String, Object> citizen = Map.of(
        "vung", "dan_toc_thieu_so",
        "score", Map.of("tc1_1", 7, "tc1_2", 7, "tc1_3", 7, "tc1_4", 7, "tc2_1", 7,
                        "tc2_2", 7, "tc2_3", 7, "tc2_4", 7, "tc3_1", 7, "tc3_2", 7));
    try (Registry official = Registry.loadOfficial()) {
      Result r = official.evaluate("cong_dan_hoc_tap", citizen, LocalDate.of(2023, 6, 30));
      System.out.println(r.decision() + " " + r.total());
    }
  }
}
