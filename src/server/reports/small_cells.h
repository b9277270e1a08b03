// What the researcher may see of a count or a rate (CMS cell-size suppression policy, ResDAC):
// no cell from 1 to 10, nor any figure from which one can be worked out; zero may be shown.
//
//   Cells cells{staff_is_researcher};
//   cells.count(7) == "< 11";  cells.hides_rate(12, 20) == true (8 did not)
#pragma once

#include "server/http/request_support.h"

namespace plasticity::server {

inline constexpr int kSmallestShown = 11;

// What may be shown of a count, a rate or a curve in this view.
class Cells {
 public:
  explicit Cells(bool suppress) : suppress_(suppress) {}
  bool hidden(int n) const { return suppress_ && n >= 1 && n < kSmallestShown; }
  OrderedJson count(int n) const { return hidden(n) ? OrderedJson("< 11") : OrderedJson(n); }
  // A rate reveals its count, its complement and its denominator.
  bool hides_rate(int count, int denominator) const {
    return hidden(count) || hidden(denominator - count) || hidden(denominator);
  }
  bool suppress() const { return suppress_; }

 private:
  bool suppress_;
};

}  // namespace plasticity::server
