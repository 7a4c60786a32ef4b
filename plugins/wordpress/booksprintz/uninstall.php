<?php
/**
 * Deleting the plugin deletes its settings; the business's bookings live in BookSprintz.
 *
 * @package BookSprintz
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'booksprintz_options' );
