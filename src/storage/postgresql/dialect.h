// The one place where Plasticity's engine-neutral SQL is turned into PostgreSQL's. Statements are
// written once, in the subset both engines accept, with SQLite's parameter markers (`?` and `?N`);
// PostgreSQL numbers its parameters `$N`. A bare `?` takes one more than the largest number used
// so far, which is SQLite's own rule, so a statement means the same on both engines.
//
// PostgreSQL must know the type of every parameter up to the largest, while SQLite lets a
// statement skip numbers (a query built from the filters given uses ?1 and ?6 but not ?2..?5).
// So the numbers used are renumbered densely, in order of first use, and the statement keeps
// which SQLite number each PostgreSQL parameter stands for.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plasticity::postgresql {

struct NumberedStatement {
  std::string sql;
  int parameter_count = 0;          // the largest SQLite number: binding above it is an error
  std::vector<int> sqlite_numbers;  // $1, $2, ... stand for these SQLite numbers
};

// Markers inside string literals, quoted identifiers and comments are left as they are.
// Throws StoreError for a marker numbered 0 or above 32,766 (SQLite's own limit).
NumberedStatement number_parameters(std::string_view sql);

}  // namespace plasticity::postgresql
