package io.tripdesk.identity.internal;

import io.tripdesk.identity.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

record CreateUserRequest(
		@NotBlank @Email @Size(max = 254) String email,
		@NotBlank @Size(max = 120) String name,
		@NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH,
				message = "must be 12 to 200 characters") String password,
		@NotNull Role role) {
}

record UpdateUserRequest(
		@Nullable @Size(min = 1, max = 120) String name,
		@Nullable Role role,
		@Nullable Boolean isActive,
		@Nullable @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH,
				message = "must be 12 to 200 characters") String password) {
}

record ChangePasswordRequest(
		@NotBlank String currentPassword,
		@NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH,
				message = "must be 12 to 200 characters") String newPassword) {
}

record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank String password) {
}

record CreateTokenRequest(@NotBlank @Size(max = 100) String name, @Nullable Integer expiresInDays) {
}
