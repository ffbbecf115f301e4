#include "dataset/csv_split.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hoctap::internal {
namespace {

// Byte classes of the two scanning loops: 0 goes on. Unquoted: 1 separator or line end,
// 2 quote, 3 control character, 4 the lead of a multi-byte sequence. Quoted: 1 line feed
// (counted), 2 quote, 3 control, 4 multi-byte; CR and tab are text.
struct ByteClasses {
  std::uint8_t plain[256] = {};
  std::uint8_t quoted[256] = {};
  ByteClasses() {
    for (int c = 0; c < 0x20; ++c) plain[c] = quoted[c] = 3;
    plain[0x7F] = quoted[0x7F] = 3;
    for (int c = 0x80; c < 0x100; ++c) plain[c] = quoted[c] = 4;
    plain['\t'] = quoted['\t'] = 0;
    plain[','] = plain['\n'] = plain['\r'] = 1;
    quoted['\r'] = 0;
    quoted['\n'] = 1;
    plain['"'] = quoted['"'] = 2;
  }
};
const ByteClasses kClass;

// The length of the well-formed UTF-8 sequence at `p` (at most `left` bytes), or 0.
std::size_t utf8_length(const unsigned char* p, std::size_t left) {
  const unsigned c = p[0];
  std::size_t len;
  unsigned cp;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
  else return 0;
  if (len > left) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Moves `p` past the well-formed UTF-8 sequence there (ending before `limit`); false,
// `p` unmoved, when there is none.
inline bool skip_utf8(const unsigned char* u, std::size_t& p, std::size_t limit) {
  const std::size_t len = utf8_length(u + p, limit - p);
  p += len;
  return len != 0;
}


// A failed record: the fields cleared, `pos` past the line the record started on.
[[gnu::noinline, gnu::cold]] Split split_failed(std::string_view text, std::size_t start, std::size_t& pos, std::vector<std::string_view>& fields,
                                                LineError e, std::size_t at, std::size_t crossed) {
  // Past the first line, the quote that opened a field there and did not close on its
  // line is the likeliest slip; it is the problem reported.
  Split r;
  r.error = crossed != std::string_view::npos ? LineError::unterminated_quote : e;
  r.at = crossed != std::string_view::npos ? crossed : at;
  r.crossed = crossed;
  fields.clear();
  const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
  pos = nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
  return r;
}

}  // namespace

// A byte at a time, every case. The state lives in locals (kept in registers); the
// failure path is out of line.
Split split_scalar(std::string_view text, std::size_t& pos, std::vector<std::string_view>& fields, std::deque<std::string>& scratch,
            std::size_t keep, std::size_t max_line) {
  fields.clear();
  std::size_t used = 0, nfields = 0, newlines = 0, crossed = std::string_view::npos;
  const std::size_t n = text.size(), start = pos;
  const std::size_t limit = n - start > max_line ? start + max_line : n;  // bytes this record may use
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  const std::uint8_t* plain = kClass.plain;
  const std::uint8_t* quoted = kClass.quoted;
  std::size_t q = start;  // the cursor
  LineError error = LineError::none;
  std::size_t at = 0;
  while (true) {
    const char* fdata;
    std::size_t flen;
    if (q < limit && u[q] == '"') {
      const std::size_t open = q;
      std::size_t p = q + 1;
      bool doubled = false;
      while (true) {
        while (p < limit && quoted[u[p]] == 0) ++p;
        if (p >= limit) {
          error = limit < n ? LineError::too_long : LineError::unterminated_quote;
          at = open;
          goto failed;
        }
        const unsigned c = quoted[u[p]];
        if (c == 1) {
          if (crossed == std::string_view::npos) crossed = open;
          ++newlines;
          ++p;
          continue;
        }
        if (c == 4 && skip_utf8(u, p, limit)) continue;
        if (c == 3 || c == 4) {
          error = c == 4 ? LineError::utf8 : LineError::control;
          at = p;
          goto failed;
        }
        if (p + 1 < n && u[p + 1] == '"') {  // a doubled quote
          if (p + 1 >= limit) {
            error = LineError::too_long;
            at = open;
            goto failed;
          }
          doubled = true;
          p += 2;
          continue;
        }
        break;  // the closing quote
      }
      const std::string_view raw = text.substr(open + 1, p - open - 1);
      q = p + 1;
      if (q < n && u[q] != ',' && u[q] != '\n' && u[q] != '\r') {
        error = LineError::after_quote;
        at = q;
        goto failed;
      }
      if (doubled && nfields < keep) {
        if (scratch.size() <= used) scratch.emplace_back();
        std::string& s = scratch[used++];
        s.clear();
        for (std::size_t i = 0; i < raw.size(); ++i) {
          s += raw[i];
          if (raw[i] == '"') ++i;
        }
        fdata = s.data();
        flen = s.size();
      } else {
        fdata = raw.data();
        flen = raw.size();
      }
    } else {
      std::size_t p = q;
      while (true) {
        while (p < limit && plain[u[p]] == 0) ++p;
        if (p >= limit) {
          if (limit < n) {
            error = LineError::too_long;
            at = start;
            goto failed;
          }
          break;
        }
        const unsigned c = plain[u[p]];
        if (c == 1) break;
        if (c == 4 && skip_utf8(u, p, limit)) continue;
        error = c == 2 ? LineError::quote_in_field : c == 4 ? LineError::utf8 : LineError::control;
        at = p;
        goto failed;
      }
      fdata = text.data() + q;
      flen = p - q;
      q = p;
    }
    if (nfields++ < keep) fields.emplace_back(fdata, flen);
    if (q < n && u[q] == ',') {
      ++q;
      continue;
    }
    if (q < n && u[q] == '\r') {
      if (q + 1 < n && u[q + 1] == '\n') {
        ++q;
      } else if (q + 1 < n) {  // a CR that ends no line
        error = LineError::control;
        at = q;
        goto failed;
      }
    }
    if (q < n) ++q;  // the line feed
    pos = q;
    Split r;
    r.fields = nfields;
    r.newlines = newlines;
    r.crossed = crossed;
    return r;
  }
failed:
  return split_failed(text, start, pos, fields, error, at, crossed);
}

namespace {

// The bytes of a 64-byte window that the fast path of split looks for, a bit each
// (bit k: byte k): separators, line feeds, carriage returns, and `special`: a quote, a
// control character other than tab and LF (CR included), DEL or any byte of a multi-byte
// sequence. SSE2, which every x86-64 has; elsewhere a loop.
struct Window {
  std::uint64_t comma = 0, lf = 0, cr = 0, special = 0;
};

inline Window classify(const unsigned char* p) {
  Window w;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), tab = _mm_set1_epi8('\t'),
                quote = _mm_set1_epi8('"'), del = _mm_set1_epi8(0x7F), space = _mm_set1_epi8(0x20);
  for (int k = 0; k < 4; ++k) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const auto mask = [&](__m128i m) { return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(m))) << (16 * k); };
    const __m128i is_lf = _mm_cmpeq_epi8(x, lf);
    // Below 0x20 as a signed byte: the control characters and every byte from 0x80.
    const __m128i low = _mm_andnot_si128(_mm_or_si128(is_lf, _mm_cmpeq_epi8(x, tab)), _mm_cmplt_epi8(x, space));
    w.comma |= mask(_mm_cmpeq_epi8(x, comma));
    w.lf |= mask(is_lf);
    w.cr |= mask(_mm_cmpeq_epi8(x, cr));
    w.special |= mask(_mm_or_si128(low, _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, del))));
  }
#else
  for (int k = 0; k < 64; ++k) {
    const unsigned c = p[k];
    const std::uint64_t bit = std::uint64_t{1} << k;
    if (c == ',') w.comma |= bit;
    if (c == '\n') w.lf |= bit;
    if (c == '\r') w.cr |= bit;
    if (c == '"' || c == 0x7F || c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n')) w.special |= bit;
  }
#endif
  return w;
}

}  // namespace

Split split(std::string_view text, std::size_t& pos, std::vector<std::string_view>& fields, std::deque<std::string>& scratch,
            std::size_t keep, std::size_t max_line) {
  const std::size_t n = text.size(), start = pos;
  const std::size_t limit = n - start > max_line ? start + max_line : n;
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  fields.clear();
  std::size_t nfields = 0, from = start;  // the field being read starts at `from`
  for (std::size_t q = start; limit - q >= 64; q += 64) {
    const Window w = classify(u + q);
    const std::uint64_t stop = w.special | w.lf;
    std::uint64_t commas = w.comma;
    std::size_t end = 0;  // with stop: the line end's offset in the window, and after it
    if (stop != 0) {
      end = static_cast<std::size_t>(__builtin_ctzll(stop));
      commas &= (std::uint64_t{1} << end) - 1;
      const bool crlf = (w.cr >> end & 1) != 0 && q + end + 1 < limit && u[q + end + 1] == '\n';
      if ((w.lf >> end & 1) == 0 && !crlf) break;  // a byte the scalar path reads
    }
    for (; commas != 0; commas &= commas - 1) {
      const std::size_t at = q + static_cast<std::size_t>(__builtin_ctzll(commas));
      if (nfields++ < keep) fields.emplace_back(text.data() + from, at - from);
      from = at + 1;
    }
    if (stop == 0) continue;
    const std::size_t line_end = q + end;
    if (nfields++ < keep) fields.emplace_back(text.data() + from, line_end - from);
    pos = line_end + (u[line_end] == '\r' ? 2 : 1);
    Split r;
    r.fields = nfields;
    return r;
  }
  return split_scalar(text, pos, fields, scratch, keep, max_line);
}

}  // namespace hoctap::internal
