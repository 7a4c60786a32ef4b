<?php
/**
 * Plugin Name:       BookSprintz Booking
 * Plugin URI:        https://github.com/booksprintz/booksprintz
 * Description:       Online booking for your business: the BookSprintz widget as a block and a [booksprintz] shortcode.
 * Version:           1.0.0
 * Requires at least: 6.2
 * Requires PHP:      7.4
 * Author:            BookSprintz
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       booksprintz
 *
 * The plugin prints the embed snippet of WIDGET.md and nothing else: no iframe, and no
 * request from PHP to BookSprintz when a page is viewed. Visitors' browsers load the
 * widget from the BookSprintz host and talk to its API directly.
 *
 * @package BookSprintz
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'BOOKSPRINTZ_VERSION', '1.0.0' );
define( 'BOOKSPRINTZ_FILE', __FILE__ );
define( 'BOOKSPRINTZ_DIR', plugin_dir_path( __FILE__ ) );

require_once BOOKSPRINTZ_DIR . 'includes/class-booksprintz-options.php';
require_once BOOKSPRINTZ_DIR . 'includes/class-booksprintz-snippet.php';
require_once BOOKSPRINTZ_DIR . 'includes/class-booksprintz-settings-page.php';
require_once BOOKSPRINTZ_DIR . 'includes/class-booksprintz-embeds.php';

BookSprintz_Settings_Page::register();
BookSprintz_Embeds::register();
