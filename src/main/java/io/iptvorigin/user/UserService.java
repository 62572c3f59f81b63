package io.iptvorigin.user;

import io.iptvorigin.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * User changes the panel asks for: validate, load, change, store, log. Compare-and-set conflicts
 * (another write landed between our read and our write) are retried on fresh data.
 */
@ApplicationScoped
public class UserService {
  private static final Logger LOG = Logger.getLogger(UserService.class.getName());
  private static final int ATTEMPTS = 5;

  @Inject UserRepository repository;
  @Inject PasswordHasher hasher;
  @Inject PasswordLogin logins;

  public List<User> list() {
    return repository.findAll();
  }

  public User get(Username username) {
    return repository.find(username).orElseThrow(() -> new UnknownUserException(username)).user();
  }

  public User create(UserPayload payload) {
    User user = payload.toNewUser(hasher);
    switch (repository.create(user)) {
      case OK -> {
        LOG.info("user created username=" + user.username());
        logins.created(user.username());
        payload.password().ifPresent(p -> logins.remember(user, p));
      }
      case USER_EXISTS -> throw UserConflictException.exists(user.username());
      case TOKEN_TAKEN -> throw UserConflictException.tokenTaken();
      default -> throw new IllegalStateException("unexpected create outcome");
    }
    return user;
  }

  public User update(Username username, UserPayload payload) {
    return retrying(
        () -> {
          UserRepository.Stored current =
              repository.find(username).orElseThrow(() -> new UnknownUserException(username));
          User changed = payload.applyTo(current.user(), hasher);
          UserRepository.Write outcome = repository.update(current, changed);
          if (outcome == UserRepository.Write.TOKEN_TAKEN) {
            throw UserConflictException.tokenTaken();
          }
          if (outcome == UserRepository.Write.OK) {
            boolean rotated = !changed.token().equals(current.user().token());
            LOG.info("user updated username=" + username + " token_rotated=" + rotated);
            payload.password().ifPresent(p -> logins.remember(changed, p));
            return changed;
          }
          return null;
        });
  }

  public void delete(Username username) {
    retrying(
        () -> {
          UserRepository.Stored current =
              repository.find(username).orElseThrow(() -> new UnknownUserException(username));
          if (repository.delete(current) == UserRepository.Write.OK) {
            LOG.info("user deleted username=" + username);
            logins.forget(username.value());
            return current.user();
          }
          return null;
        });
  }

  private static User retrying(Supplier<User> attempt) {
    for (int i = 0; i < ATTEMPTS; i++) {
      User done = attempt.get();
      if (done != null) {
        return done;
      }
    }
    throw new ApiException(409, "the user changed concurrently, try again");
  }
}
