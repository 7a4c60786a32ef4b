<?php
/**
 * Server rendering of `booksprintz/booking`: the embed snippet, nothing else.
 *
 * @package BookSprintz
 *
 * @var array<string, mixed> $attributes The block's attributes.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

echo BookSprintz_Snippet::render( $attributes ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped, BookSprintz.Security.EscapeOutput.OutputNotEscaped -- every value is escaped inside render().
