// The store's share of a C-MOVE: what SqliteStore costs for one C-MOVE's Transfer (created with
// its instance list, progress written every 250 ms, finished), on a real file in WAL mode.
// Usage: build/release/StoreBench [instances] [repetitions]
#include "Store/SqliteStore.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace XnatDqr;

namespace
{
  double Ms(std::chrono::steady_clock::duration d)
  {
    return std::chrono::duration<double, std::milli>(d).count();
  }

  double Median(std::vector<double> values)
  {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  }
} // namespace

int main(int argc, char** argv)
{
  const size_t instances = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
  const int repetitions = argc > 2 ? std::atoi(argv[2]) : 15;
  const std::string path =
    (std::filesystem::temp_directory_path() / "xnat-dqr-store-bench.db").string();
  std::filesystem::remove(path);
  SqliteStore store(path);
  std::vector<std::string> ids;
  for (size_t i = 0; i < instances; i++)
  {
    ids.push_back("0123456789abcdef-" + std::to_string(i) + "-0123456789abcdef01234567");
  }
  std::vector<double> create, update;
  for (int r = 0; r < repetitions; r++)
  {
    Transfer transfer;
    transfer.receiverId = "xnat-a";
    transfer.instancesTotal = instances;
    transfer.createdMs = 1796000000000 + r;
    transfer.query["SeriesInstanceUID"] = "1.2.3";
    auto start = std::chrono::steady_clock::now();
    transfer.StartInMove(transfer.createdMs);
    store.CreateTransfer(transfer, ids);
    create.push_back(Ms(std::chrono::steady_clock::now() - start));
    start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; i++)
    {
      transfer.Sent(65536);
      store.UpdateTransfer(transfer);
    }
    update.push_back(Ms(std::chrono::steady_clock::now() - start) / 10);
  }
  std::printf("CreateTransfer with %zu instances: %.2f ms (median of %d)\n", instances,
              Median(create), repetitions);
  std::printf("UpdateTransfer (progress): %.3f ms (median of %d)\n", Median(update), repetitions);
  std::filesystem::remove(path);
  return 0;
}
