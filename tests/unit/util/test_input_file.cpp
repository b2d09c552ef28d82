#include "util/input_file.hpp"

#include "util/error.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

using namespace drill;
namespace fs = std::filesystem;

TEST_CASE("read_bounded_line: keeps at most `keep` bytes and counts the rest") {
  std::istringstream in("short\n" + std::string(100, 'x') + "\nlast");
  std::string line;
  std::size_t length = 0;
  CHECK(read_bounded_line(in, line, 10, 1000, length) == LineStatus::line);
  CHECK(line == "short");
  CHECK(length == 5);
  CHECK(read_bounded_line(in, line, 10, 1000, length) == LineStatus::line);
  CHECK(line == std::string(10, 'x'));
  CHECK(length == 100);
  CHECK(read_bounded_line(in, line, 10, 1000, length) == LineStatus::line);
  CHECK(line == "last");
  CHECK(read_bounded_line(in, line, 10, 1000, length) == LineStatus::end_of_input);
}

TEST_CASE("read_bounded_line: a line past the limit stops reading there") {
  std::istringstream in(std::string(5000, 'z') + "\nnext\n");
  std::string line;
  std::size_t length = 0;
  CHECK(read_bounded_line(in, line, 16, 1000, length) == LineStatus::too_long);
  CHECK(line.size() == 16);
  CHECK(length == 1001);
}

TEST_CASE("InputFile: a file over its bound is refused by its size, and a FIFO where a file belongs at once") {
  test::TempDir dir;
  fs::path big = dir.path / "big.txt";
  std::ofstream(big) << std::string(2000, 'a');
  try {
    (void)InputFile(big, Accept::regular_only).read_all(1000, "things");
    FAIL("read past the bound");
  } catch (const Error &e) {
    CHECK(e.status() == ExitStatus::data);
    CHECK(std::string(e.what()) == big.string() + ": is 2 KB; drill reads things of up to 1 KB");
  }
  CHECK(InputFile(big, Accept::regular_only).read_all(2000, "things").size() == 2000);

  fs::path fifo = dir.path / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  try {
    InputFile f(fifo, Accept::regular_only);
    FAIL("opened a FIFO as a file");
  } catch (const Error &e) {
    CHECK(e.status() == ExitStatus::no_input);
    CHECK(std::string(e.what()) == fifo.string() + ": is a FIFO, not a regular file; give drill a file here");
  }
  CHECK_THROWS_AS(require_regular_or_missing(fifo), Error);
  CHECK_NOTHROW(require_regular_or_missing(dir.path / "missing"));
}

TEST_CASE("human_size: KB below a megabyte, MB with one decimal above") {
  CHECK(human_size(131072) == "128 KB");
  CHECK(human_size(16'000'000) == "16 MB");
  CHECK(human_size(10'500'000) == "10.5 MB");
}
