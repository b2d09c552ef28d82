#include "cli/cli.hpp"

int main(int argc, char **argv) { return drill::run(argc, argv); }
