#pragma once

#include "Store/SqlStore.h"

#include <string>
#include <utility>
#include <vector>

namespace XnatDqr
{
  // The store on a PostgreSQL server (which may be Orthanc's own index database): our tables in
  // the schema xnat_dqr, versioned in xnat_dqr.schema_version, migrated at open under an
  // advisory lock so that several Orthancs starting at once migrate once.
  class PostgresStore : public SqlStore
  {
  public:
    // libpq's connection keywords and values (see Postgres::Database); orthanc names this
    // Orthanc among those sharing the database (its DicomModalities are its own).
    PostgresStore(Clock& clock, std::vector<std::pair<std::string, std::string>> parameters,
                  const std::string& orthanc);

    int SchemaVersion();
    static int LatestSchemaVersion();
  };
} // namespace XnatDqr
