// Entry point of `latentlab`: subcommands for headless work, the desktop app otherwise.
#include <cstdio>

int main(int argc, char** argv) {
  std::puts("latentlab: under construction");
  return 0;
}
