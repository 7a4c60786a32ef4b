<?php
/**
 * The plugin's two settings, read and cleaned in one place.
 *
 * @package BookSprintz
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * `booksprintz_options`: `tenant` (the business's slug) and `host` (the BookSprintz origin
 * the widget files and the API are served from).
 */
class BookSprintz_Options {
	const NAME = 'booksprintz_options';

	/**
	 * The saved settings, with defaults.
	 *
	 * @return array{tenant: string, host: string}
	 */
	public static function get() {
		$saved = get_option( self::NAME, array() );
		$saved = is_array( $saved ) ? $saved : array();
		return array(
			'tenant' => isset( $saved['tenant'] ) ? (string) $saved['tenant'] : '',
			'host'   => isset( $saved['host'] ) ? (string) $saved['host'] : '',
		);
	}

	/**
	 * The form's values as they may be stored: a slug of a-z, 0-9 and inner dashes (API.md),
	 * and an http(s) origin without a path.
	 *
	 * @param mixed $input Raw `$_POST` values from the settings form.
	 * @return array{tenant: string, host: string}
	 */
	public static function sanitize( $input ) {
		$input  = is_array( $input ) ? $input : array();
		$tenant = isset( $input['tenant'] ) ? strtolower( trim( sanitize_text_field( wp_unslash( $input['tenant'] ) ) ) ) : '';
		if ( '' !== $tenant && ! preg_match( '/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/', $tenant ) ) {
			add_settings_error( self::NAME, 'tenant', __( 'The business slug may only contain lowercase letters, digits and dashes.', 'booksprintz' ) );
			$tenant = self::get()['tenant'];
		}
		$host = isset( $input['host'] ) ? self::origin( esc_url_raw( trim( wp_unslash( $input['host'] ) ), array( 'http', 'https' ) ) ) : '';
		if ( isset( $input['host'] ) && '' !== trim( (string) $input['host'] ) && '' === $host ) {
			add_settings_error( self::NAME, 'host', __( 'The BookSprintz host must be an address such as https://book.example.com.', 'booksprintz' ) );
			$host = self::get()['host'];
		}
		return array(
			'tenant' => $tenant,
			'host'   => $host,
		);
	}

	/**
	 * `scheme://host[:port]` of a URL, or '' when it is not an http(s) URL.
	 *
	 * @param string $url A URL.
	 * @return string
	 */
	public static function origin( $url ) {
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) || empty( $parts['scheme'] ) || ! in_array( $parts['scheme'], array( 'http', 'https' ), true ) ) {
			return '';
		}
		return $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '' );
	}
}
