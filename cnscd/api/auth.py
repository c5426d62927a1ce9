from rest_framework import authentication


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; tokens are issued on the web after sign-in
    (with two-factor where required), never for a bare password."""
