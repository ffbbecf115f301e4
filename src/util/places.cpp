// The provinces and centrally run cities of Vietnam as the 2022–2025 assessments name
// them (63, before the 2025 mergers), as ASCII ids without diacritics.
#include "util/places.hpp"

#include <algorithm>
#include <iterator>

#include "util/messages.hpp"

namespace hoctap::internal {
namespace {

const char* const kProvinces[] = {
    "an_giang",    "ba_ria_vung_tau", "bac_giang",   "bac_kan",     "bac_lieu",   "bac_ninh",       "ben_tre",
    "binh_dinh",   "binh_duong",      "binh_phuoc",  "binh_thuan",  "ca_mau",     "can_tho",        "cao_bang",
    "da_nang",     "dak_lak",         "dak_nong",    "dien_bien",   "dong_nai",   "dong_thap",      "gia_lai",
    "ha_giang",    "ha_nam",          "ha_noi",      "ha_tinh",     "hai_duong",  "hai_phong",      "hau_giang",
    "ho_chi_minh", "hoa_binh",        "hung_yen",    "khanh_hoa",   "kien_giang", "kon_tum",        "lai_chau",
    "lam_dong",    "lang_son",        "lao_cai",     "long_an",     "nam_dinh",   "nghe_an",        "ninh_binh",
    "ninh_thuan",  "phu_tho",         "phu_yen",     "quang_binh",  "quang_nam",  "quang_ngai",     "quang_ninh",
    "quang_tri",   "soc_trang",       "son_la",      "tay_ninh",    "thai_binh",  "thai_nguyen",    "thanh_hoa",
    "thua_thien_hue", "tien_giang",   "tra_vinh",    "tuyen_quang", "vinh_long",  "vinh_phuc",      "yen_bai",
};

bool id_text(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

std::string_view province_of(std::string_view place) { return place.substr(0, place.find('/')); }

PlaceCheck check_place(std::string_view place) {
  const std::string_view province = province_of(place);
  if (std::find(std::begin(kProvinces), std::end(kProvinces), province) == std::end(kProvinces)) return PlaceCheck::unknown_province;
  const std::size_t slash = place.find('/');
  if (slash != std::string_view::npos && !id_text(place.substr(slash + 1))) return PlaceCheck::bad_district;
  return PlaceCheck::ok;
}

std::string known_provinces() {
  std::string list;
  for (const char* p : kProvinces) list += (list.empty() ? "" : ", ") + std::string(p);
  return list;
}

Text place_problem_text(std::string_view place) {
  switch (check_place(place)) {
    case PlaceCheck::ok: return {};
    case PlaceCheck::bad_district: return tr("place.bad_district", {std::string(place)});
    case PlaceCheck::unknown_province: break;
  }
  return tr("place.unknown", {std::string(place), known_provinces()});
}

}  // namespace hoctap::internal
