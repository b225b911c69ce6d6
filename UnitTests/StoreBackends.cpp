#include "StoreBackends.h"

#include "Store/PostgresStore.h"
#include "Store/SqliteStore.h"

#include <arpa/inet.h>
#include <cstdlib>
#include <filesystem>
#include <libpq-fe.h>
#include <mutex>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace XnatDqr::Testing
{
  namespace
  {
    int FreePort()
    {
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address = {};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      socklen_t length = sizeof(address);
      if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
          getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      {
        close(fd);
        throw std::runtime_error("no free port");
      }
      close(fd);
      return ntohs(address.sin_port);
    }

    std::filesystem::path Binaries()
    {
      for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql"))
      {
        if (std::filesystem::exists(entry.path() / "bin" / "initdb"))
        {
          return entry.path() / "bin";
        }
      }
      throw std::runtime_error("PostgreSQL's server is not installed (Debian's postgresql)");
    }

    class Server
    {
    public:
      Server()
      {
        if (const char* socket = getenv("XNATDQR_TEST_POSTGRES_SOCKET"))
        {
          host_ = socket; // started by ctest's fixture (scripts/test-postgres.sh)
          port_ = 5432;
          return;
        }
        port_ = FreePort();
        char pattern[] = "/tmp/xnat-dqr-pg-XXXXXX";
        if (mkdtemp(pattern) == nullptr)
        {
          throw std::runtime_error("cannot make a temporary folder");
        }
        folder_ = pattern;
        const bool root = geteuid() == 0;
        prefix_ = root ? "runuser -u postgres -- " : "";
        if (root)
        {
          Run("chown postgres " + folder_.string());
        }
        const std::filesystem::path bin = Binaries();
        // A locale that sorts unlike bytes where the machine has one, as servers often do.
        const std::string locale = std::system("locale -a 2>/dev/null | grep -qx en_US.utf8") == 0
                                     ? "en_US.UTF-8"
                                     : "C.UTF-8";
        Run(prefix_ + (bin / "initdb").string() +
            " -A trust -U postgres -E UTF8 --locale=" + locale + " -D " +
            (folder_ / "data").string() + " > " + (folder_ / "initdb.log").string() + " 2>&1");
        pgCtl_ = prefix_ + (bin / "pg_ctl").string() + " -D " + (folder_ / "data").string();
        Run(pgCtl_ + " -w -l " + (folder_ / "server.log").string() + " -o '-p " +
            std::to_string(port_) + " -k " + folder_.string() +
            " -c listen_addresses=127.0.0.1 -c fsync=off' start > /dev/null");
      }

      ~Server()
      {
        if (pgCtl_.empty())
        {
          return;
        }
        std::system((pgCtl_ + " -m immediate stop > /dev/null 2>&1").c_str());
        std::filesystem::remove_all(folder_);
      }

      PostgresParameters Parameters(const std::string& database) const
      {
        return {{"host", host_},
                {"port", std::to_string(port_)},
                {"dbname", database},
                {"user", "postgres"}};
      }

      void Admin(const std::string& sql)
      {
        const std::string conninfo =
          "host=" + host_ + " port=" + std::to_string(port_) + " dbname=postgres user=postgres";
        PGconn* conn = PQconnectdb(conninfo.c_str());
        PGresult* result = PQexec(conn, sql.c_str());
        const bool ok =
          PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
        const std::string error = PQerrorMessage(conn);
        PQclear(result);
        PQfinish(conn);
        if (!ok)
        {
          throw std::runtime_error("PostgreSQL: " + error);
        }
      }

      std::string NewDatabase()
      {
        std::lock_guard<std::mutex> lock(mutex_);
        // Unique on a server that several test processes share.
        const std::string name =
          "store_test_" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
        Admin("CREATE DATABASE " + name);
        return name;
      }

    private:
      static void Run(const std::string& command)
      {
        if (std::system(command.c_str()) != 0)
        {
          throw std::runtime_error("failed: " + command);
        }
      }

      std::string host_ = "127.0.0.1";
      int port_ = 0;
      std::filesystem::path folder_;
      std::string prefix_;
      std::string pgCtl_;
      std::mutex mutex_;
      int databases_ = 0;
    };

    Server& TheServer()
    {
      static Server server; // stopped when the test binary exits
      return server;
    }
  } // namespace

  PostgresParameters FreshPostgresDatabase()
  {
    return TheServer().Parameters(TheServer().NewDatabase());
  }

  void AsPostgresAdmin(const std::string& sql)
  {
    TheServer().Admin(sql);
  }

  std::unique_ptr<SqlStore> MakeStore(const std::string& backend, Clock& clock,
                                      PostgresParameters* parameters)
  {
    if (backend == "SQLite")
    {
      return std::make_unique<SqliteStore>(clock, ":memory:");
    }
    PostgresParameters fresh = FreshPostgresDatabase();
    if (parameters != nullptr)
    {
      *parameters = fresh;
    }
    return std::make_unique<PostgresStore>(clock, fresh, "orthanc-test");
  }
} // namespace XnatDqr::Testing
