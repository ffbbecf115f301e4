// A deterministic synthetic province: 13 districts named after Quảng Ninh's (three of
// them difficult areas), communes, villages, clans, households with their adults and
// children, commune units and agencies. The distributions are chosen so that evaluating
// it on 2022-12-31 gives rates close to Quảng Ninh's 2022 report (about 71% families,
// 62% clans, 82% village communities, 83% units). Everything streams to disk (but the
// agencies, 156 whatever the size), so a national-scale province (27 million households)
// needs no more memory than a small one.
//
// The inputs of the sets in force from 2024 (TT25's communes, TT24's units) are drawn
// from a second random stream, seeded from the seed and a fixed salt, and written after
// the other columns of their files: the other columns, and so every result on a date
// before those sets, depend on the seed alone, never on how the 2024 columns are drawn.
#include "sample.hpp"

#include "lang.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hoctap::cli {
namespace {

// A buffered CSV file.
class Out {
 public:
  Out(const std::filesystem::path& path, const std::string& header) : path_(path.string()) {
    f_ = std::fopen(path_.c_str(), "wb");
    if (!f_) throw std::runtime_error(say("cannot write `", "không ghi được `") + path_ + "`");
    buf_.reserve(1 << 20);
    buf_ += header;
    buf_ += '\n';
  }
  ~Out() { close(); }
  Out& operator<<(const std::string& s) { buf_ += s; return *this; }
  Out& operator<<(const char* s) { buf_ += s; return *this; }
  Out& operator<<(char c) { buf_ += c; return *this; }
  Out& operator<<(long long v) { buf_ += std::to_string(v); return *this; }
  void end_row() {
    buf_ += '\n';
    if (buf_.size() > (1 << 20) - 4096) flush();
  }
  void close() {
    if (!f_) return;
    flush();
    std::fclose(f_);
    f_ = nullptr;
  }

 private:
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) throw std::runtime_error(say("cannot write `", "không ghi được `") + path_ + "`");
    buf_.clear();
  }
  std::string path_;
  std::FILE* f_ = nullptr;
  std::string buf_;
};

std::string id(char prefix, std::uint64_t n) {
  char b[24];
  std::snprintf(b, sizeof b, "%c%07llu", prefix, static_cast<unsigned long long>(n));
  return b;
}

const char* kDistricts[] = {"Hạ Long", "Cẩm Phả", "Uông Bí", "Móng Cái", "Đông Triều", "Quảng Yên", "Tiên Yên",
                            "Bình Liêu", "Đầm Hà", "Hải Hà", "Ba Chẽ", "Vân Đồn", "Cô Tô"};
// Shares of the province's households (they add up to 1).
const double kDistrictShare[] = {0.20, 0.14, 0.09, 0.08, 0.13, 0.11, 0.04, 0.03, 0.03, 0.06, 0.02, 0.05, 0.02};
bool difficult(int d) { return d == 7 || d == 10 || d == 12; }  // Bình Liêu, Ba Chẽ, Cô Tô

const char* kScores[] = {"tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"};

// Mixed with the seed for the second stream; changing it changes every sample's 2024 columns.
constexpr std::uint32_t kLaterSalt = 0x54543235;  // "TT25"

// Day `day` (0-based) of 2024 as YYYY-MM-DD.
std::string day_of_2024(int day) {
  static const int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int m = 0;
  while (day >= kMonthDays[m]) day -= kMonthDays[m++];
  char b[32];
  std::snprintf(b, sizeof b, "2024-%02d-%02d", m + 1, day + 1);
  return b;
}
// Days of 2024 (0-based) on which the sets start, and the first day of the reports the
// sample is meant for: a level-1 decision in the data falls between them, so it is under
// the set in force and before any such report's date.
constexpr int kTt24Start = 24, kTt25Start = 42, kFirstReport = 181;  // 2024-01-25, 2024-02-12, 2024-06-30

}  // namespace

std::string write_sample(const SampleOptions& o) {
  namespace fs = std::filesystem;
  fs::create_directories(o.out);
  const fs::path dir(o.out);
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> U(0, 1);
  std::normal_distribution<double> N(0, 1);
  auto chance = [&](double p) { return U(rng) < p; };
  auto b = [](bool v) { return v ? "true" : "false"; };
  // The second stream, for the columns of the 2024 sets, with distributions of its own
  // (a normal distribution keeps a drawn value for its next call).
  std::seed_seq later_seed{static_cast<std::uint32_t>(o.seed), static_cast<std::uint32_t>(o.seed >> 32), kLaterSalt};
  std::mt19937_64 later(later_seed);
  std::uniform_real_distribution<double> U2(0, 1);
  std::normal_distribution<double> N2(0, 1);
  auto chance2 = [&](double p) { return U2(later) < p; };
  // An assessor's yes or no, likelier yes the better the entity (`level` on a 0–10 scale).
  auto met = [&](double level, double bar) { return level + N2(later) > bar; };
  // An assessor's level on scale `muc_dat`.
  auto muc_dat = [&](double level, double bar1, double bar2) {
    const double x = level + N2(later);
    return x >= bar2 ? "muc_do_2" : x >= bar1 ? "muc_do_1" : "chua_dat";
  };
  // Recognized at level 1 before, under the set starting on day `start` of 2024, more
  // often when the entity meets level 1 today: the flag and the decision's date (empty
  // when not recognized).
  auto recognized_before = [&](bool meets_level_1, int start) {
    const bool before = chance2(meets_level_1 ? 0.4 : 0.05);
    const int day = start + static_cast<int>(U2(later) * (kFirstReport - start));
    return std::make_pair(before, before ? day_of_2024(day) : std::string());
  };

  {
    std::FILE* f = std::fopen((dir / "dataset.yaml").string().c_str(), "wb");
    if (!f) throw std::runtime_error(say("cannot write dataset.yaml", "không ghi được dataset.yaml"));
    std::fprintf(f,
                 "# A synthetic province made by `hoctap sample --seed %llu --households %llu`: not real data.\n"
                 "hoctap_dataset: 1\n"
                 "name: Tỉnh mẫu (dữ liệu tổng hợp theo quy mô Quảng Ninh)\n"
                 "# No `place`: a synthetic province has no targets of its own, so the national ones apply.\n"
                 "# What this (synthetic) locality applies where the criteria leave it to the locality.\n"
                 "context:\n"
                 "  nguong_cong_nhan: 70\n"
                 "  ty_le_nguoi_lon_cdht_toi_thieu: 0.5\n"
                 "  ty_le_gia_dinh_hoc_tap_toi_thieu: 0.6\n"
                 "  ty_le_dong_ho_hoc_tap_toi_thieu: 0.35\n"
                 "  ty_le_gia_dinh_hoc_tap: 0.5   # 448 clans (2016–2022): share of learning families\n",
                 static_cast<unsigned long long>(o.seed), static_cast<unsigned long long>(o.households));
    std::fclose(f);
  }
  Out districts(dir / "districts.csv", "id,name,area");
  Out communes(dir / "communes.csv", "id,name,district_id,area,score.tc1,score.tc2,score.tc3,score.mang_luoi_co_so,score.pho_cap_xoa_mu_chu,"
                                     "score.cong_bang_giao_duc,score.hoc_tap_can_bo,score.hoc_tap_nguoi_lao_dong,score.gia_dinh_hieu_hoc,"
                                     "score.cong_dong_thon,score.khu_dan_cu_van_hoa,score.binh_dang_moi_truong_an_ninh,"
                                     "tuyen_truyen_hoc_tap_suot_doi,ke_hoach_xhht_hang_nam,tuan_le_hoc_tap_suot_doi,du_kinh_phi_ngan_sach,"
                                     "xa_hoi_hoa_hieu_qua,co_che_phoi_hop,dat_tieu_chi_3,muc_dat_tieu_chi_4,muc_dat_tieu_chi_5,"
                                     "da_cong_nhan_muc_do_1,ngay_quyet_dinh_muc_do_1");
  Out villages(dir / "villages.csv", "id,name,commune_id,so_hoc_sinh_bo_hoc,chi_hoi_hoat_dong_tot,khu_dan_cu_van_hoa");
  Out clans(dir / "clans.csv", "id,name,village_id,co_ban_khuyen_hoc,co_quy_khuyen_hoc,dat_cac_chi_so_khac");
  Out families(dir / "families.csv", "id,village_id,clan_id,hoc_tap_nang_cao_doi_song,score.tc1c,score.tc2c,score.tc3");
  std::string adult_header = "id,family_id,unit_id,tuoi,biet_chu,mien_tru,so_noi_dung_hoc_trong_nam,vung";
  for (const char* s : kScores) adult_header += std::string(",score.") + s;
  Out adults(dir / "adults.csv", adult_header);
  Out children(dir / "children.csv", "id,family_id,tuoi,di_hoc,mien_tru,cap_hoc,dat_yeu_cau_tieu_hoc,hoc_luc,hanh_kiem");
  Out units(dir / "commune_units.csv", "id,name,commune_id,score.diem_danh_gia");
  Out agencies(dir / "agencies.csv", "id,name,district_id,so_thanh_vien,so_tv_co_ke_hoach_tu_hoc,so_tv_chap_hanh_ky_luat,"
                                     "so_tv_hoan_thanh_boi_duong,so_tv_lao_dong_tien_tien,so_tv_dat_nang_luc_cdht,danh_hieu_tap_the,"
                                     "score.tc1_1,score.tc1_2,score.tc1_3,score.tc3_3,"
                                     "cap_don_vi,loai_don_vi,su_dung_ngan_sach,ke_hoach_hoc_tap_hang_nam,che_do_boi_duong_khuyen_khich,"
                                     "ho_tro_mam_non_tu_thuc,du_kinh_phi_boi_duong,trang_bi_thiet_bi_hoc_tap,tham_gia_hoat_dong_hoc_tap_suot_doi,"
                                     "muc_dat_tieu_chi_2,muc_dat_tieu_chi_3_huyen,chia_se_tri_thuc,chuyen_doi_so_dap_ung_co_ban,da_kiem_dinh,"
                                     "dat_yeu_cau_muc_do_2,da_cong_nhan_muc_do_1,ngay_quyet_dinh_muc_do_1");

  std::uint64_t n_commune = 0, n_village = 0, n_clan = 0, n_family = 0, n_adult = 0, n_child = 0, n_unit = 0, n_agency = 0;
  // The agencies (a fixed number per district, whatever the size) are written last:
  // whether one is a provincial unit, judged on its members (the adults whose `unit_id`
  // names it), waits until its members are known.
  struct Agency {
    std::string row;       // its columns up to TT24's
    double level = 0;      // the mean of its TT22 scores `score.tc1_1` … `score.tc1_3`, out of 10
    bool capital = false;  // in Hạ Long, the province's seat
  };
  std::vector<Agency> agency_rows;
  agency_rows.reserve(13 * 12);
  std::vector<std::uint64_t> agency_members(13 * 12);  // by agency number - 1
  const std::uint64_t households = o.households;
  if (households < kSampleLeastHouseholds || households > kSampleMostHouseholds)
    throw std::invalid_argument("households: " + std::to_string(households) + " is outside " + std::to_string(kSampleLeastHouseholds) + ".." +
                                std::to_string(kSampleMostHouseholds));
  std::uint64_t assigned = 0;  // households given to the districts so far
  for (int d = 0; d < 13; ++d) {
    const std::string did = id('D', static_cast<std::uint64_t>(d + 1));
    districts << did << ',' << kDistricts[d] << ',' << (difficult(d) ? "kho_khan" : "") ;
    districts.end_row();
    // Agencies of the district (TT22/TT24): mostly well organised.
    for (int a = 0; a < 12; ++a) {
      const std::string aid = id('A', ++n_agency);
      long long members = 10 + static_cast<long long>(U(rng) * 40);
      auto all_or = [&](double p) { return std::to_string(chance(p) ? members : members - 1); };
      Agency& made = agency_rows.emplace_back();
      made.row += aid + ",Cơ quan " + std::to_string(a + 1) + " " + kDistricts[d] + ',' + did + ',' + std::to_string(members) + ',';
      made.row += all_or(0.9) + ',';
      made.row += all_or(0.95) + ',';
      made.row += all_or(0.9) + ',';
      made.row += all_or(0.85) + ',';
      made.row += all_or(0.7) + ',';
      made.row += chance(0.8) ? "tap_the_lao_dong_tien_tien" : "khong_co";
      double tc1_sum = 0;
      for (int k = 0; k < 4; ++k) {
        const long long score = std::lround(std::clamp(7.0 + 2.0 * N(rng), 0.0, k == 3 ? 5.0 : 10.0));
        if (k < 3) tc1_sum += static_cast<double>(score);
        made.row += ',' + std::to_string(score);
      }
      made.level = tc1_sum / 3;
      made.capital = d == 0;
    }
    // The district's share, leaving at least one household to each district after it and
    // giving the last what is left: exactly `households` in all.
    const auto after = static_cast<std::uint64_t>(12 - d);
    const std::uint64_t d_households =
        d == 12 ? households - assigned
                : std::clamp<std::uint64_t>(static_cast<std::uint64_t>(std::llround(static_cast<double>(households) * kDistrictShare[d])), 1,
                                            households - assigned - after);
    assigned += d_households;
    const std::uint64_t d_villages = std::max<std::uint64_t>(1, d_households / 120);
    const std::uint64_t d_communes = std::max<std::uint64_t>(1, (d_villages + 7) / 8);
    std::uint64_t households_left = d_households;
    std::uint64_t villages_left = 0;  // in the district: each keeps at least one household
    for (std::uint64_t c = 0; c < d_communes; ++c)
      villages_left += std::max<std::uint64_t>(1, c + 1 < d_communes ? d_villages / d_communes : d_villages - (d_communes - 1) * (d_villages / d_communes));
    for (std::uint64_t c = 0; c < d_communes; ++c) {
      const std::string cid = id('C', ++n_commune);
      communes << cid << ",Xã " << std::to_string(n_commune) << ',' << did << ',' << (difficult(d) ? "kho_khan" : "");
      const double commune_level = 6.6 + 1.1 * N(rng);
      for (int k = 0; k < 12; ++k) communes << ',' << static_cast<long long>(std::lround(std::clamp(commune_level + 0.8 * N(rng), 2.0, 10.0)));
      {
        // TT25 (from 2024-02-12), from the second stream: a commune that did well on
        // TT44's areas is likelier to meet TT25's indicators and levels.
        bool all_met = true;
        for (int k = 0; k < 7; ++k) {  // criteria 1 and 2's six indicators, then criterion 3
          const bool yes = met(commune_level, 4.0);
          all_met = all_met && yes;
          communes << ',' << b(yes);
        }
        const char* criterion_4 = muc_dat(commune_level, 4.5, 7.0);
        const char* criterion_5 = muc_dat(commune_level, 4.5, 7.0);
        const bool meets_level_1 = all_met && std::string(criterion_4) != "chua_dat" && std::string(criterion_5) != "chua_dat";
        const auto [before, decided] = recognized_before(meets_level_1, kTt25Start);
        communes << ',' << criterion_4 << ',' << criterion_5 << ',' << b(before) << ',' << decided;
      }
      communes.end_row();
      for (int u = 0; u < 6; ++u) {
        ++n_unit;
        units << id('U', n_unit) << ",Đơn vị " << std::to_string(n_unit) << ',' << cid << ','
              << static_cast<long long>(std::lround(std::clamp(78.5 + 8.5 * N(rng), 20.0, 100.0)));
        units.end_row();
      }
      const std::uint64_t c_villages = c + 1 < d_communes ? d_villages / d_communes : d_villages - (d_communes - 1) * (d_villages / d_communes);
      for (std::uint64_t v = 0; v < std::max<std::uint64_t>(1, c_villages); ++v) {
        const std::string vid = id('V', ++n_village);
        const bool last_village = c + 1 == d_communes && v + 1 >= std::max<std::uint64_t>(1, c_villages);
        --villages_left;
        const std::uint64_t spare = households_left > villages_left ? households_left - villages_left : 0;
        std::uint64_t v_households = last_village ? households_left : std::min(spare, static_cast<std::uint64_t>(80 + U(rng) * 80));
        households_left -= v_households;
        villages << vid << ",Thôn " << std::to_string(n_village) << ',' << cid << ',' << (chance(0.995) ? 0LL : 1LL) << ',' << b(chance(0.995))
                 << ',' << b(chance(0.995));
        villages.end_row();
        // Clans of the village: ~25 families each; some families belong to none.
        const std::uint64_t v_clans = std::max<std::uint64_t>(1, v_households / 25);
        const std::uint64_t first_clan = n_clan + 1;
        std::vector<double> clan_effect(v_clans);
        for (std::uint64_t k = 0; k < v_clans; ++k) {
          clan_effect[k] = 0.35 * N(rng);
          ++n_clan;
          clans << id('K', n_clan) << ",Dòng họ " << std::to_string(n_clan) << ',' << vid << ',' << b(chance(0.92)) << ','
                << b(chance(0.9)) << ',' << b(chance(0.92));
          clans.end_row();
        }
        for (std::uint64_t h = 0; h < v_households; ++h) {
          const std::string fid = id('F', ++n_family);
          const bool in_clan = chance(0.92);
          const std::uint64_t k = static_cast<std::uint64_t>(U(rng) * static_cast<double>(v_clans)) % v_clans;
          const double family_level = 8.3 + (in_clan ? clan_effect[k] : 0.0) + 0.55 * N(rng);
          families << fid << ',' << vid << ',' << (in_clan ? id('K', first_clan + k) : std::string()) << ',' << b(chance(0.975)) << ','
                   << static_cast<long long>(std::lround(std::clamp(family_level + N(rng), 0.0, 10.0))) << ','
                   << static_cast<long long>(std::lround(std::clamp(family_level + N(rng), 0.0, 10.0))) << ','
                   << static_cast<long long>(std::lround(std::clamp(family_level * 4 + 3 * N(rng), 0.0, 40.0)));
          families.end_row();
          const int n_adults = 1 + static_cast<int>(U(rng) * 3.6);
          for (int a = 0; a < n_adults; ++a) {
            const long long age = 19 + static_cast<long long>(U(rng) * 55);
            std::uint64_t unit = 0;  // the agency's number, 0 for none
            if (chance(0.03)) unit = 1 + static_cast<std::uint64_t>(U(rng) * 13 * 12);
            if (unit) ++agency_members[unit - 1];
            adults << id('P', ++n_adult) << ',' << fid << ',' << (unit ? id('A', unit) : std::string()) << ',' << age << ','
                   << (chance(0.985) ? "muc_do_1" : "chua_biet_chu") << ',' << b(chance(0.01)) << ',' << static_cast<long long>(U(rng) * 4) << ',' << (difficult(d) ? "dan_toc_thieu_so" : "binh_thuong");
            const double person = family_level + 0.45 * N(rng);
            for (int s = 0; s < 10; ++s) adults << ',' << static_cast<long long>(std::lround(std::clamp(person + 0.7 * N(rng), 3.0, 10.0)));
            adults.end_row();
          }
          const int n_children = static_cast<int>(U(rng) * 2.6);
          for (int ch = 0; ch < n_children; ++ch) {
            const long long age = static_cast<long long>(U(rng) * 18);
            const bool exempt = chance(0.01);
            const bool school = age >= 6 && !exempt && chance(0.995);
            const char* level = age < 6 ? "" : age <= 10 ? "tieu_hoc" : age <= 14 ? "thcs" : "thpt";
            children << id('T', ++n_child) << ',' << fid << ',' << age << ',' << b(school) << ',' << b(exempt) << ',' << level << ','
                     << b(chance(0.95)) << ',' << (chance(0.9) ? "kha" : "trung_binh") << ',' << (chance(0.92) ? "tot" : "kha");
            children.end_row();
          }
        }
      }
    }
  }
  // TT24 (from 2024-01-25), from the second stream; a unit that scored well under TT22 is
  // likelier to meet TT24. Half of the capital's agencies that have members among the
  // adults are provincial units, judged on those members' recognition as learning citizens
  // (criterion 3.1: a share of no members would leave the unit not assessable). The
  // layout has no file of learners (`nguoi_hoc`), which 3.2 reads for provincial units
  // that are not agencies, so every provincial unit is an agency. A question that does
  // not apply to a unit (a preschool's help to private ones, a budget for training
  // without state funds, a school's accreditation) is left empty.
  for (std::size_t i = 0; i < agency_rows.size(); ++i) {
    const Agency& a = agency_rows[i];
    const bool province = a.capital && agency_members[i] > 0 && chance2(0.5);
    const double kind = U2(later);  // district units: agencies, public preschools, other schools
    const bool agency = province || kind < 0.6, preschool = !agency && kind < 0.8;
    const bool budget = !agency || chance2(0.85);
    const bool plan = met(a.level, 4.5), rules = met(a.level, 4.5), devices = met(a.level, 4.0), lifelong = met(a.level, 4.0);
    const bool helps = preschool && met(a.level, 4.0), funded = budget && met(a.level, 4.5);
    const char* criterion_2 = muc_dat(a.level, 4.5, 7.5);
    const char* criterion_3 = province ? "" : muc_dat(a.level, 4.5, 7.5);  // district units' criterion 3
    const bool sharing = met(a.level, 4.0), digital = !agency && met(a.level, 4.0), accredited = !agency && met(a.level, 4.0);
    const bool level_2_extra = met(a.level, 7.0);
    const bool meets_level_1 = plan && rules && devices && lifelong && (!preschool || helps) && (!budget || funded) &&
                               std::string(criterion_2) != "chua_dat" && std::string(criterion_3) != "chua_dat";
    const auto [before, decided] = recognized_before(meets_level_1, kTt24Start);
    agencies << a.row << ',' << (province ? "tinh" : "huyen") << ',' << (agency ? "co_quan" : preschool ? "mam_non_cong_lap" : "co_so_giao_duc_khac")
             << ',' << b(budget) << ',' << b(plan) << ',' << b(rules) << ',' << (preschool ? b(helps) : "") << ',' << (budget ? b(funded) : "")
             << ',' << b(devices) << ',' << b(lifelong) << ',' << criterion_2 << ',' << criterion_3 << ',' << b(sharing) << ','
             << (agency ? "" : b(digital)) << ',' << (agency ? "" : b(accredited)) << ',' << b(level_2_extra) << ',' << b(before) << ','
             << decided;
    agencies.end_row();
  }
  return std::to_string(n_family) + " households, " + std::to_string(n_adult) + " adults, " + std::to_string(n_child) + " children, " +
         std::to_string(n_clan) + " clans, " + std::to_string(n_village) + " villages, " + std::to_string(n_commune) + " communes, " +
         std::to_string(n_unit) + " commune units, " + std::to_string(n_agency) + " agencies in 13 districts → " + o.out;
}

}  // namespace hoctap::cli
