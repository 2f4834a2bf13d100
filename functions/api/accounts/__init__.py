"""The accounts function: activation, sign-in, sign-out, password change, and an administrator's reset."""
