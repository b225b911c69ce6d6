#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace XnatDqr
{
  // A value that breaks a rule; maps to HTTP 400 with the offending field named.
  class ValidationError : public std::runtime_error
  {
  public:
    ValidationError(const std::string& field, const std::string& message)
        : std::runtime_error(message), field_(field)
    {
    }

    const std::string& GetField() const { return field_; }

  private:
    std::string field_;
  };

  // Clashes with another stored object; maps to HTTP 409 naming that object.
  class ConflictError : public std::runtime_error
  {
  public:
    ConflictError(const std::string& conflict, const std::string& message)
        : std::runtime_error(message), conflict_(conflict)
    {
    }

    const std::string& GetConflict() const { return conflict_; }

    // A value that would resolve the conflict, e.g. {"PacsAET", "ORTHANC-XNAT-B"}.
    void Suggest(const std::string& field, const std::string& value) { suggestion_[field] = value; }
    const std::map<std::string, std::string>& GetSuggestion() const { return suggestion_; }

  private:
    std::string conflict_;
    std::map<std::string, std::string> suggestion_;
  };

  // Maps to HTTP 404.
  class NotFoundError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  // Maps to HTTP 503: a resource the plugin needs (its database) cannot be used right now; the
  // request changed nothing and may be sent again.
  class UnavailableError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  // Maps to HTTP 403: the object exists but may not be changed this way.
  class ForbiddenError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };
} // namespace XnatDqr
