package vn.hoctap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;

/**
 * The Java binding against an installed hoctap: the official registry found from the
 * installed library (no path given), records in as maps, results out, errors as
 * exceptions carrying diagnostics. Run with -Djna.library.path=PREFIX/lib and
 * -Dhoctap.source=SOURCE_TREE (for the criteria files the tests load by path).
 */
public class HoctapTest {
  static final LocalDate DAY = LocalDate.of(2023, 6, 30);
  static final Path SOURCE = Path.of(System.getProperty("hoctap.source", "."));

  /** 7 points on each of the ten indicators: 70/100. */
  static Map<String, Object> citizen(String area) {
    Map<String, Object> score = new LinkedHashMap<>();
    for (String id : List.of("tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2")) score.put(id, 7);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", "c-1");
    if (area != null) record.put("vung", area);
    record.put("score", score);
    return record;
  }

  @Test
  public void theOfficialRegistryEvaluatesACitizen() {
    try (Registry official = Registry.loadOfficial()) {
      assertTrue(official.titles().contains("cong_dan_hoc_tap"));
      Result r = official.evaluate("cong_dan_hoc_tap", citizen("dan_toc_thieu_so"), DAY);
      assertEquals("recognized", r.decision());
      assertTrue(r.recognized());
      assertEquals(new BigDecimal("70"), r.total());
      // An ordinary area's threshold is 80.
      Result ordinary = official.evaluate("cong_dan_hoc_tap", citizen("binh_thuong"), DAY);
      assertEquals("not_recognized", ordinary.decision());
      try (CriteriaSet set = official.find("cong_dan_hoc_tap", DAY)) {
        assertEquals("cong-dan-hoc-tap/244-2022", set.id());
        assertEquals(64, set.sha256().length());
      }
    }
  }

  @Test
  public void decisionsAndStatusesInWords() {
    assertEquals("được công nhận", Result.words("recognized", Lang.VI));
    assertEquals("not met", Result.words("not_met", Lang.EN));
    assertEquals("không áp dụng", Result.words("not_applicable", Lang.VI));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Result.words("Đạt", Lang.VI));
    assertEquals("`Đạt` is not the id of a decision or of a status", e.getMessage());
  }

  @Test
  public void theContextGivesWhatTheRecordLacks() {
    try (CriteriaSet set = CriteriaSet.load(SOURCE.resolve("criteria/cong-dan-hoc-tap/244-2022.yaml"))) {
      Result r = set.evaluate(citizen(null), DAY, Map.of("vung", "dan_toc_thieu_so"), true, Lang.EN);
      assertEquals("recognized", r.decision());
      assertTrue(r.asJson().has("reasons"));
      Result missing = set.evaluate(Map.of(), DAY);
      assertEquals("not_assessable", missing.decision());
    }
  }

  @Test
  public void badCriteriaThrowWithTheirDiagnostics() {
    HoctapException e = assertThrows(HoctapException.class, () -> CriteriaSet.load("id: x\ntitle: [a]]\n", "broken.yaml"));
    assertEquals(HoctapException.Status.CRITERIA, e.status());
    assertEquals("`broken.yaml` has 1 error", e.getMessage());
    assertEquals("`broken.yaml` có 1 lỗi", e.messageVi());
    assertEquals(1, e.diagnostics().size());
    Diagnostic d = e.diagnostics().get(0);
    assertEquals("H005", d.code());
    assertEquals("broken.yaml", d.file());
    assertEquals(2, d.line());
    assertTrue(d.error());
    assertTrue(d.toString().startsWith("broken.yaml:2:"));
  }

  @Test
  public void badInputAndUnknownTitlesThrow() {
    try (Registry official = Registry.loadOfficial(); CriteriaSet set = official.find("cong_dan_hoc_tap", DAY)) {
      HoctapException json = assertThrows(HoctapException.class, () -> set.evaluateJson("{\"vung\":", DAY));
      assertEquals(HoctapException.Status.INPUT, json.status());
      HoctapException title = assertThrows(HoctapException.class, () -> official.evaluate("khong_co", Map.of(), DAY));
      assertEquals(HoctapException.Status.NOT_FOUND, title.status());
      assertEquals("the registry has no title `khong_co`", title.getMessage());
      assertEquals("các bộ tiêu chí đã nạp không có danh hiệu `khong_co`", title.messageVi());
      HoctapException old = assertThrows(HoctapException.class, () -> official.find("cong_dan_hoc_tap", LocalDate.of(1990, 1, 1)));
      assertEquals("no version of `cong_dan_hoc_tap` is in force on 1990-01-01", old.getMessage());
      assertEquals("không có phiên bản nào của `cong_dan_hoc_tap` có hiệu lực vào ngày 1990-01-01", old.messageVi());
    }
  }

  @Test
  public void aNullDateIsTodayAndADayOutsideTheSetIsNotFound() {
    try (Registry official = Registry.loadOfficial(); CriteriaSet current = official.find("cong_dan_hoc_tap", null)) {
      Result r = current.evaluate(citizen("dan_toc_thieu_so"), null);
      assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), r.asJson().getAsJsonObject("audit").get("assessment_date").getAsString());
    }
    try (CriteriaSet set = CriteriaSet.load(SOURCE.resolve("criteria/cong-dan-hoc-tap/244-2022.yaml"))) {
      HoctapException e = assertThrows(HoctapException.class, () -> set.evaluate(citizen("dan_toc_thieu_so"), LocalDate.of(1990, 1, 1)));
      assertEquals(HoctapException.Status.NOT_FOUND, e.status());
      assertEquals("`cong-dan-hoc-tap/244-2022` is not in force on 1990-01-01 (its validity: 2022-07-28..2023-10-24): "
                       + "evaluate on a day within it, or take the version in force that day with hoctap_registry_find",
                   e.getMessage());
      assertEquals("`cong-dan-hoc-tap/244-2022` không có hiệu lực vào ngày 1990-01-01 (thời hạn hiệu lực: 2022-07-28..2023-10-24): "
                       + "hãy đánh giá vào một ngày trong thời hạn đó, hoặc lấy phiên bản có hiệu lực vào ngày ấy bằng hoctap_registry_find",
                   e.messageVi());
    }
  }

  @Test
  public void aClosedHandleIsRefused() {
    CriteriaSet set = CriteriaSet.load(SOURCE.resolve("criteria/cong-dan-hoc-tap/244-2022.yaml"));
    set.close();
    set.close();  // twice is harmless
    IllegalStateException e = assertThrows(IllegalStateException.class, set::id);
    assertEquals("CriteriaSet is closed", e.getMessage());
  }

  @Test
  public void manyThreadsShareOneSet() throws Exception {
    try (CriteriaSet set = CriteriaSet.load(SOURCE.resolve("criteria/cong-dan-hoc-tap/244-2022.yaml"))) {
      String expected = set.evaluate(citizen("dan_toc_thieu_so"), DAY).toString();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> all = new ArrayList<>();
        for (int t = 0; t < 8; ++t) {
          all.add(pool.submit(() -> {
            for (int i = 0; i < 100; ++i)
              if (!set.evaluate(citizen("dan_toc_thieu_so"), DAY).toString().equals(expected)) return false;
            return true;
          }));
        }
        for (Future<Boolean> f : all) assertTrue(f.get());
      } finally {
        pool.shutdown();
      }
      assertFalse(expected.isEmpty());
    }
  }
}
