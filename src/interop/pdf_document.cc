#include "interop/pdf_document.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace plasticity {
namespace {

constexpr float kMargin = 56;
constexpr float kWrapWidth = 500;

// libharu is C: an exception must not unwind through it, so the handler only remembers the first
// error, and the document is checked once it is written.
void on_error(HPDF_STATUS error, HPDF_STATUS, void* first_error) {
  auto* first = static_cast<HPDF_STATUS*>(first_error);
  if (*first == HPDF_OK) *first = error;
}

}  // namespace

std::string pdf_latin1(const std::string& utf8) {
  static const std::map<char32_t, std::string> nearest{
      {U'\u2013', "-"},   {U'\u2014', "-"},  {U'\u2018', "'"}, {U'\u2019', "'"},
      {U'\u201C', "\""},  {U'\u201D', "\""}, {U'\u2022', "*"}, {U'\u2026', "..."},
      {U'\u2264', "<="},  {U'\u2265', ">="}, {U'\u2212', "-"}, {U'\u2192', "->"},
      {U'\u03C7', "chi"}, {U'\u2082', "2"},  {U'\u2248', "~"}};
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    const int length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3 : 4;
    char32_t code = length == 1 ? byte : byte & (0x3F >> (length - 1));
    for (int k = 1; k < length && i + k < utf8.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    i += length;
    if (const auto it = nearest.find(code); it != nearest.end()) {
      out += it->second;
    } else if (code < 0x100 && code != 0) {
      out += static_cast<char>(code);
    } else {
      out += '?';
    }
  }
  return out;
}

PdfDocument::PdfDocument(const std::string& title) : pdf_(HPDF_New(on_error, &error_), &HPDF_Free) {
  if (!pdf_) throw std::runtime_error("libharu could not start");
  HPDF_SetInfoAttr(pdf_.get(), HPDF_INFO_TITLE, pdf_latin1(title).c_str());
  HPDF_SetInfoAttr(pdf_.get(), HPDF_INFO_CREATOR, "Plasticity");
  regular_ = HPDF_GetFont(pdf_.get(), "Helvetica", "WinAnsiEncoding");
  bold_ = HPDF_GetFont(pdf_.get(), "Helvetica-Bold", "WinAnsiEncoding");
  new_page();
}

void PdfDocument::heading(const std::string& text) { write(text, bold_, 12, 8); }

void PdfDocument::field(const std::string& label, const std::string& value) {
  write(label + ": " + value, regular_, 10, 2);
}

void PdfDocument::text(const std::string& line) {
  // Word by word, breaking before the word that would run past the page's text width.
  std::string current;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t end = line.find(' ', start);
    if (end == std::string::npos) end = line.size();
    const std::string word = line.substr(start, end - start);
    const std::string candidate = current.empty() ? word : current + " " + word;
    HPDF_Page_SetFontAndSize(page_, regular_, 10);
    if (!current.empty() &&
        HPDF_Page_TextWidth(page_, pdf_latin1(candidate).c_str()) > kWrapWidth) {
      write(current, regular_, 10, 2);
      current = word;
    } else {
      current = candidate;
    }
    start = end + 1;
  }
  if (!current.empty()) write(current, regular_, 10, 2);
}

void PdfDocument::step_chart(const std::string& caption, double start,
                             const std::vector<CurveStep>& steps, double min_days) {
  constexpr float kWidth = 400, kHeight = 140, kAxisRoom = 28;
  write(caption, regular_, 10, 6);
  if (y_ - kHeight - kAxisRoom < kMargin) {
    new_page();
    write(caption, regular_, 10, 0);
  }
  const float left = kMargin + 30, bottom = y_ - kHeight - 8;
  double max_day = min_days;
  for (const auto& s : steps) max_day = std::max(max_day, s.day);
  // Frame and the 0, 50 and 100% marks.
  HPDF_Page_SetLineWidth(page_, 0.5);
  HPDF_Page_SetGrayStroke(page_, 0.6);
  HPDF_Page_Rectangle(page_, left, bottom, kWidth, kHeight);
  HPDF_Page_Stroke(page_);
  HPDF_Page_BeginText(page_);
  HPDF_Page_SetFontAndSize(page_, regular_, 8);
  for (const int mark : {0, 50, 100}) {
    HPDF_Page_TextOut(page_, kMargin, bottom + kHeight * mark / 100.0f - 3,
                      (std::to_string(mark) + "%").c_str());
  }
  HPDF_Page_TextOut(page_, left, bottom - 12, "day 0");
  const std::string last = "day " + std::to_string(static_cast<int>(max_day + 0.5));
  HPDF_Page_TextOut(page_, left + kWidth - HPDF_Page_TextWidth(page_, last.c_str()), bottom - 12,
                    last.c_str());
  HPDF_Page_EndText(page_);
  // The interval dashed and grey, the estimate solid and black.
  const HPDF_UINT16 dash[] = {3, 2};
  HPDF_Page_SetDash(page_, dash, 2, 0);
  HPDF_Page_SetGrayStroke(page_, 0.5);
  stroke_steps(start, steps, &CurveStep::lower, left, bottom, kWidth, kHeight, max_day);
  stroke_steps(start, steps, &CurveStep::upper, left, bottom, kWidth, kHeight, max_day);
  HPDF_Page_SetDash(page_, nullptr, 0, 0);
  HPDF_Page_SetGrayStroke(page_, 0);
  HPDF_Page_SetLineWidth(page_, 1.2);
  stroke_steps(start, steps, nullptr, left, bottom, kWidth, kHeight, max_day);
  y_ = bottom - kAxisRoom + 10;
}

// The estimate (`bound` null) from `start` on day 0, or one side of its interval over the steps
// where it is known.
void PdfDocument::stroke_steps(double start, const std::vector<CurveStep>& steps,
                               std::optional<double> CurveStep::*bound, float left, float bottom,
                               float width, float height, double max_day) {
  auto x = [&](double day) { return left + static_cast<float>(day / max_day) * width; };
  auto y = [&](double value) { return bottom + static_cast<float>(value) * height; };
  std::optional<double> level;
  bool any = false;
  if (!bound) {
    HPDF_Page_MoveTo(page_, x(0), y(start));
    level = start;
    any = true;
  }
  for (const auto& s : steps) {
    const std::optional<double> next = bound ? s.*bound : std::optional(s.value);
    if (level) HPDF_Page_LineTo(page_, x(s.day), y(*level));
    if (next && level) HPDF_Page_LineTo(page_, x(s.day), y(*next));
    if (next && !level) HPDF_Page_MoveTo(page_, x(s.day), y(*next));
    any = any || next.has_value();
    level = next;
  }
  if (level) HPDF_Page_LineTo(page_, x(max_day), y(*level));
  if (any) HPDF_Page_Stroke(page_);
}

std::string PdfDocument::bytes() {
  HPDF_SaveToStream(pdf_.get());
  if (error_ != HPDF_OK) {
    throw std::runtime_error("libharu failed with error " + std::to_string(error_));
  }
  std::string bytes(HPDF_GetStreamSize(pdf_.get()), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ReadFromStream(pdf_.get(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  bytes.resize(size);
  return bytes;
}

void PdfDocument::new_page() {
  page_ = HPDF_AddPage(pdf_.get());
  HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_LETTER, HPDF_PAGE_PORTRAIT);
  y_ = HPDF_Page_GetHeight(page_) - kMargin;
}

void PdfDocument::write(const std::string& text, HPDF_Font font, float size, float space_before) {
  y_ -= space_before + size + 3;
  if (y_ < kMargin) {
    new_page();
    y_ -= size;
  }
  HPDF_Page_BeginText(page_);
  HPDF_Page_SetFontAndSize(page_, font, size);
  HPDF_Page_TextOut(page_, kMargin, y_, pdf_latin1(text).c_str());
  HPDF_Page_EndText(page_);
}

}  // namespace plasticity
