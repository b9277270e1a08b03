// A plain printable document in libharu (Debian's libhpdf): headings and "label: value" lines
// written top-down, a new page when one is full. Text is UTF-8; the standard PDF fonts hold only
// Latin-1 (WinAnsi), so other characters are written as their nearest plain form ("–" as "-",
// "≥" as ">=") or "?", never as mojibake.
//
//   PdfDocument doc{"Title"};  doc.heading("Patient");  doc.field("Name", "Zoë");
//   std::string bytes = doc.bytes();   // throws std::runtime_error if libharu failed
#pragma once

#include <hpdf.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace plasticity {

// One step of a curve drawn as steps (a Kaplan–Meier estimate): from `day` on, `value` (0–1) and
// its interval, where known.
struct CurveStep {
  double day = 0;
  double value = 0;
  std::optional<double> lower, upper;
};

class PdfDocument {
 public:
  explicit PdfDocument(const std::string& title);
  void heading(const std::string& text);
  void field(const std::string& label, const std::string& value);
  void text(const std::string& line);  // wrapped to the page's width
  // A step curve on 0–100% over days 0 to the last step's (at least `min_days`), starting at
  // `start` on day 0, its interval dashed; the caption above it. Moves to a new page if it does
  // not fit.
  void step_chart(const std::string& caption, double start, const std::vector<CurveStep>& steps,
                  double min_days = 28);
  std::string bytes();

 private:
  void new_page();
  void stroke_steps(double start, const std::vector<CurveStep>& steps,
                    std::optional<double> CurveStep::*bound, float left, float bottom, float width,
                    float height, double max_day);
  void write(const std::string& text, HPDF_Font font, float size, float space_before);

  HPDF_STATUS error_ = HPDF_OK;  // the first libharu error, checked when the bytes are taken
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(&HPDF_Free)> pdf_;
  HPDF_Page page_ = nullptr;
  HPDF_Font regular_ = nullptr;
  HPDF_Font bold_ = nullptr;
  float y_ = 0;
};

// UTF-8 as WinAnsi bytes for the standard fonts (see above).
std::string pdf_latin1(const std::string& utf8);

}  // namespace plasticity
